// tableOf as a table: snippet, the query call in it and its library -> the table it names.
// The key must come out the same in a file that reads and a file that writes (test/scan/written-elsewhere*.test.ts).
import { describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { tableOf } from "../../src/analysis/data-tables.js";

function tableIn(code: string, callText: string, _library: string): string | undefined {
  const sf = ts.createSourceFile("store.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (!found && ts.isCallExpression(node) && node.getText(sf) === callText) found = node;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (!found) throw new Error(`no call \`${callText}\` in the snippet`);
  return tableOf(found);
}

type Case = [name: string, code: string, call: string, library: string, table: string | undefined];

describe("knex tables through constants", () => {
  it.each<Case>([
    ["a const object's property", `const T = { features: "features", users: "users" };\nthis.db(T.features).select("*");`, `this.db(T.features).select("*")`, "knex", "features"],
    ["an `as const` object, through .from", `const T = { ROLE_USER: "role_user" } as const;\ndb.select("*").from(T.ROLE_USER);`, `db.select("*").from(T.ROLE_USER)`, "knex", "role_user"],
    ["a nested object", `const T = { auth: { users: "auth_users" } };\ndb(T.auth.users).del();`, `db(T.auth.users).del()`, "knex", "auth_users"],
    ["a template naming an alias (Unleash)", "const T = { ROLE_USER: \"role_user\" };\ndb.select(\"*\").from(`${T.ROLE_USER} as ru`);", "db.select(\"*\").from(`${T.ROLE_USER} as ru`)", "knex", "role_user"],
    ["a const holding another const", `const TABLE = "features";\nexport const FEATURES = TABLE;\ndb(FEATURES).update({});`, `db(FEATURES).update({})`, "knex", "features"],
    ["an enum member", `enum Tables { Users = "users" }\ndb(Tables.Users).insert({});`, `db(Tables.Users).insert({})`, "knex", "users"],
    ["a shorthand property", `const users = "users";\nconst T = { users };\ndb(T.users).insert({});`, `db(T.users).insert({})`, "knex", "users"],
    ["an imported object: the property name", `import { T } from "./tables";\nthis.db(T.featureTypes).select("*");`, `this.db(T.featureTypes).select("*")`, "knex", "featuretypes"],
    ["an imported namespace: the property name", `import * as tables from "./tables";\ndb(tables.USERS).select("*");`, `db(tables.USERS).select("*")`, "knex", "users"],
    ["a parameter's property: no table", `export function f(t: { users: string }) {\n  return db(t.users).select("*");\n}`, `db(t.users).select("*")`, "knex", undefined],
    ["a field's property: no table", `class S {\n  tables = { users: "users" };\n  f() { return this.db(this.tables.users).select("*"); }\n}`, `this.db(this.tables.users).select("*")`, "knex", undefined],
    ["a `let` object may change: no table", `let T = { users: "users" };\ndb(T.users).select("*");`, `db(T.users).select("*")`, "knex", undefined],
    ["a property a spread may hold: no table", `const T = { ...BASE, users: "users" };\ndb(T.features).select("*");`, `db(T.features).select("*")`, "knex", undefined],
    ["a cache read of a key named like a table: no table", `const T = { users: "users" };\ncache.get(T.users);`, `cache.get(T.users)`, "redis", undefined],
  ])("%s", (_name, code, call, library, table) => expect(tableIn(code, call, library)).toBe(table));
});
