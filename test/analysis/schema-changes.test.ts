// Which calls change a database's schema or run a migration (loops over them are not batched: schema-change).
import { describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { isSchemaChange } from "../../src/analysis/schema-changes.js";

function firstCall(code: string): ts.CallExpression {
  const sf = ts.createSourceFile("x.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let found: ts.CallExpression | undefined;
  const visit = (n: ts.Node): void => {
    if (!found && ts.isCallExpression(n)) found = n;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found!;
}

describe("isSchemaChange", () => {
  it.each([
    [`knex.schema.createTable("users", build)`, true],
    [`knex.schema.dropTableIfExists(table)`, true],
    [`commands.addColumn(table, column)`, true],
    [`pool.query(\`ALTER TABLE \${table} ADD COLUMN tenant_id uuid\`)`, true],
    [`pool.query("/* v2 */ CREATE OR REPLACE VIEW active_users AS SELECT 1")`, true],
    [`pool.query("-- extensions\\nCREATE EXTENSION IF NOT EXISTS pgcrypto")`, true],
    [`db.execute(sql\`DROP INDEX IF EXISTS "\${name}"\`)`, true],
    [`pool.query("CREATE TEMP TABLE t AS " + select)`, true],
    [`migration.up(config)`, true],
    [`m.migration.down()`, true],
    [`pool.query("SELECT * FROM tables")`, false],
    [`pool.query("INSERT INTO schema_log VALUES (1)")`, false],
    [`other.up()`, false],
    [`createUser(data)`, false],
  ])("%s -> %s", (code, expected) => {
    expect(isSchemaChange(firstCall(code), ["migration", "m"])).toBe(expected);
  });
});
