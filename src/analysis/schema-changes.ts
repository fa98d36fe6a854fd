// Calls that change a database's schema or run migrations: `knex.schema.createTable(…)`, `deleteTable(name)`,
// `ALTER TABLE …`, `migration.up(config)`. They go in order (a later one may need the table or column an earlier
// one made; a child table is dropped before its parent), and DDL locks what it changes.
import { ts } from "ts-morph";
import { calledName } from "./scope.js";
import { stringValue } from "./static-strings.js";

const DDL_NAME = /^(create|drop|delete|alter|rename|truncate|add|remove)(Table|Column|Columns|Index|Indexes|Indices|Schema|Database|Constraint|ForeignKey|Enum|View|Collection)s?(IfExists|IfNotExists)?$/;
const MIGRATION_NAME = /^(run|apply|execute|revert|undo)Migrations?$/;
const DDL_SQL = /^\s*(CREATE|DROP|ALTER|TRUNCATE|RENAME)\s+(TABLE|INDEX|UNIQUE\s+INDEX|SCHEMA|DATABASE|VIEW|TYPE|SEQUENCE|COLUMN)\b/i;

/** Is the call a schema change or a migration step? `items`: the loop's item names (`m.up(config)` runs item `m`). */
export function isSchemaChange(call: ts.Node, items: readonly string[]): boolean {
  if (!ts.isCallExpression(call)) return false;
  const callee = call.expression;
  const name = calledName(callee);
  if (name === undefined) return false;
  if (DDL_NAME.test(name) || MIGRATION_NAME.test(name)) return true;
  if ((name === "up" || name === "down") && ts.isPropertyAccessExpression(callee)) {
    const receiver = callee.expression;
    return ts.isIdentifier(receiver) && items.includes(receiver.text);
  }
  const first = call.arguments[0];
  // `ALTER TABLE ${table} …`: the statement's kind is in the template's head
  const sql = first && (ts.isTemplateExpression(first) ? first.head.text : stringValue(first));
  return sql !== undefined && DDL_SQL.test(sql);
}
