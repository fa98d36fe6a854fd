// Calls that change a database's schema or run migrations: `knex.schema.createTable(…)`, `deleteTable(name)`,
// `ALTER TABLE …`, `migration.up(config)`. They go in order (a later one may need the table or column an earlier
// one made; a child table is dropped before its parent), and DDL locks what it changes.
import { ts } from "ts-morph";
import { calledName } from "./scope.js";
import { stringValue } from "./static-strings.js";

const DDL_NAME = /^(create|drop|delete|alter|rename|truncate|add|remove)(Table|Column|Columns|Index|Indexes|Indices|Schema|Database|Constraint|ForeignKey|Enum|View|Collection)s?(IfExists|IfNotExists)?$/;
const MIGRATION_NAME = /^(run|apply|execute|revert|undo)Migrations?$/;
// after any leading comments: `CREATE [OR REPLACE] [TEMP] TABLE|VIEW|…`, `DROP …`, `ALTER …`, `TRUNCATE …`
const DDL_SQL = /^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*(CREATE(\s+OR\s+REPLACE)?(\s+(TEMP|TEMPORARY|UNLOGGED))?|DROP|ALTER|TRUNCATE|RENAME)\s+(TABLE|INDEX|UNIQUE\s+INDEX|SCHEMA|DATABASE|VIEW|MATERIALIZED\s+VIEW|TYPE|SEQUENCE|COLUMN|EXTENSION|FUNCTION|TRIGGER|PROCEDURE)\b/i;

/** Is the call a schema change or a migration step? `items`: the loop's item names (`m.up(config)` runs item `m`). */
export function isSchemaChange(call: ts.Node, items: readonly string[]): boolean {
  if (!ts.isCallExpression(call)) return false;
  const callee = call.expression;
  const name = calledName(callee);
  if (name === undefined) return false;
  if (DDL_NAME.test(name) || MIGRATION_NAME.test(name)) return true;
  if ((name === "up" || name === "down") && ts.isPropertyAccessExpression(callee)) {
    // `m.up(config)`, `m.migration.up()`: a method of the loop's item
    let receiver: ts.Expression = callee.expression;
    while (ts.isPropertyAccessExpression(receiver)) receiver = receiver.expression;
    return ts.isIdentifier(receiver) && items.includes(receiver.text);
  }
  return DDL_SQL.test(statementHead(call.arguments[0]) ?? "");
}

/** The start of the SQL an argument holds: a string, a template's head (`ALTER TABLE ${t} …`), a tag's (sql`DROP …`). */
function statementHead(arg: ts.Expression | undefined): string | undefined {
  if (!arg) return undefined;
  if (ts.isTaggedTemplateExpression(arg)) return statementHead(arg.template);
  if (ts.isTemplateExpression(arg)) return arg.head.text;
  if (ts.isBinaryExpression(arg) && arg.operatorToken.kind === ts.SyntaxKind.PlusToken) return statementHead(arg.left);
  return stringValue(arg);
}
