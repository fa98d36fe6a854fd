// rawSqlTables as a table: snippet, the raw SQL call in it and its library -> the tables read and written, or
// `unknown` when the text is not known where a table may be named. undefined: no raw SQL call (a builder).
import { describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { rawSqlTables } from "../../src/analysis/raw-sql.js";
import { readTablesOf, writtenTables } from "../../src/analysis/data-tables.js";

function callIn(code: string, callText: string): ts.Node {
  const sf = ts.createSourceFile("store.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (!found && (ts.isCallExpression(node) || ts.isTaggedTemplateExpression(node)) && node.getText(sf) === callText) found = node;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (!found) throw new Error(`no call \`${callText}\` in the snippet`);
  return found;
}

type Tables = { reads: string[]; writes: string[]; unknown: boolean } | undefined;
type Case = [name: string, code: string, call: string, library: string, tables: Tables];
const reads = (...t: string[]): Tables => ({ reads: t, writes: [], unknown: false });
const writes = (...t: string[]): Tables => ({ reads: [], writes: t, unknown: false });
const unknown: Tables = { reads: [], writes: [], unknown: true };

describe("where the SQL text is", () => {
  it.each<Case>([
    ["pg: a string", `pool.query("SELECT * FROM users WHERE id = $1", [id]);`, `pool.query("SELECT * FROM users WHERE id = $1", [id])`, "pg", reads("users")],
    ["pg: a query config object", `pool.query({ text: "UPDATE users SET a = 1", values: [] });`, `pool.query({ text: "UPDATE users SET a = 1", values: [] })`, "pg", writes("users")],
    ["mysql2: execute, sql option", `pool.execute({ sql: "SELECT * FROM orders", values: [] });`, `pool.execute({ sql: "SELECT * FROM orders", values: [] })`, "mysql2", reads("orders")],
    ["better-sqlite3: prepare(…).get()", `db.prepare("SELECT * FROM users WHERE id = ?").get(id);`, `db.prepare("SELECT * FROM users WHERE id = ?").get(id)`, "better-sqlite3", reads("users")],
    ["better-sqlite3: a statement held in a const, through pluck()", `const stmt = db.prepare("SELECT name FROM teams");\nstmt.pluck().all();`, `stmt.pluck().all()`, "better-sqlite3", reads("teams")],
    ["better-sqlite3: a statement the file does not show", `class R { f() { return this.stmt.get(1); } }`, `this.stmt.get(1)`, "better-sqlite3", unknown],
    ["sqlite3: db.all(text)", `db.all("SELECT * FROM notes", cb);`, `db.all("SELECT * FROM notes", cb)`, "sqlite3", reads("notes")],
    ["knex: raw", `db.raw("DELETE FROM sessions WHERE expires < now()");`, `db.raw("DELETE FROM sessions WHERE expires < now()")`, "knex", writes("sessions")],
    ["sequelize: query", `sequelize.query("SELECT * FROM \\"Users\\"", { type: QueryTypes.SELECT });`, `sequelize.query("SELECT * FROM \\"Users\\"", { type: QueryTypes.SELECT })`, "sequelize", reads("users")],
    ["typeorm: manager.query", `ds.manager.query("SELECT * FROM users");`, `ds.manager.query("SELECT * FROM users")`, "typeorm", reads("users")],
    ["drizzle: db.execute(sql`…`)", "db.execute(sql`SELECT * FROM users WHERE id = ${id}`);", "db.execute(sql`SELECT * FROM users WHERE id = ${id}`)", "drizzle-orm", reads("users")],
    ["ClickHouse: the options' query", `ch.query({ query: "SELECT path, count() FROM pageviews GROUP BY path", format: "JSONEachRow" });`, `ch.query({ query: "SELECT path, count() FROM pageviews GROUP BY path", format: "JSONEachRow" })`, "@clickhouse/client", reads("pageviews")],
    ["ClickHouse: a mutation through command", `ch.command({ query: "ALTER TABLE events DELETE WHERE site = {site:String}" });`, `ch.command({ query: "ALTER TABLE events DELETE WHERE site = {site:String}" })`, "@clickhouse/client", writes("events")],
    ["Kysely: sql`…`.execute(db)", "sql`SELECT * FROM users WHERE id = ${id}`.execute(db);", "sql`SELECT * FROM users WHERE id = ${id}`.execute(db)", "kysely", reads("users")],
    ["postgres.js: sql`…`", "sql`SELECT * FROM users WHERE id = ${id}`;", "sql`SELECT * FROM users WHERE id = ${id}`", "postgres", reads("users")],
    ["postgres.js: sql.unsafe(text)", `sql.unsafe("SELECT * FROM users");`, `sql.unsafe("SELECT * FROM users")`, "postgres", reads("users")],
    ["the fallback's sql", `this.db.query("SELECT * FROM users");`, `this.db.query("SELECT * FROM users")`, "sql", reads("users")],
    ["Prisma: $queryRaw`…`, keyed as its models", 'prisma.$queryRaw`SELECT * FROM "User" WHERE id = ${id}`;', 'prisma.$queryRaw`SELECT * FROM "User" WHERE id = ${id}`', "prisma", reads("prisma:user")],
    ["Prisma: $executeRawUnsafe", `prisma.$executeRawUnsafe('UPDATE "Post" SET views = views + 1 WHERE id = $1', id);`, `prisma.$executeRawUnsafe('UPDATE "Post" SET views = views + 1 WHERE id = $1', id)`, "prisma", writes("prisma:post")],
    ["Prisma: $queryRaw(Prisma.sql`…`)", "prisma.$queryRaw(Prisma.sql`SELECT * FROM \"Team\"`);", "prisma.$queryRaw(Prisma.sql`SELECT * FROM \"Team\"`)", "prisma", reads("prisma:team")],
  ])("%s", (_name, code, call, library, tables) => expect(rawSqlTables(callIn(code, call), library)).toEqual(tables));
});

describe("builders and model calls are no raw SQL", () => {
  it.each<Case>([
    ["a Kysely builder's execute()", `db.selectFrom("users").selectAll().execute();`, `db.selectFrom("users").selectAll().execute()`, "kysely", undefined],
    ["a drizzle builder's all()", `db.select().from(users).all();`, `db.select().from(users).all()`, "drizzle-orm", undefined],
    ["a Prisma model", `prisma.user.findMany();`, `prisma.user.findMany()`, "prisma", undefined],
    ["an HTTP client's get", `axios.get("/users");`, `axios.get("/users")`, "axios", undefined],
  ])("%s", (_name, code, call, library, tables) => expect(rawSqlTables(callIn(code, call), library)).toEqual(tables));
});

describe("what the file says of the text", () => {
  it.each<Case>([
    ["a const", `const Q = "SELECT * FROM users";\npool.query(Q);`, `pool.query(Q)`, "pg", reads("users")],
    ["a template of a const table name", "const T = { users: \"app_users\" };\npool.query(`SELECT * FROM ${T.users} WHERE id = $1`);", "pool.query(`SELECT * FROM ${T.users} WHERE id = $1`)", "pg", reads("app_users")],
    ["a template with an interpolated value", "pool.query(`SELECT * FROM users WHERE id = ${id}`);", "pool.query(`SELECT * FROM users WHERE id = ${id}`)", "pg", reads("users")],
    ["a concatenated value", `pool.query("SELECT * FROM users WHERE id = " + id);`, `pool.query("SELECT * FROM users WHERE id = " + id)`, "pg", reads("users")],
    ["either of two texts", `pool.query(all ? "SELECT * FROM users" : "SELECT * FROM active_users");`, `pool.query(all ? "SELECT * FROM users" : "SELECT * FROM active_users")`, "pg", reads("users", "active_users")],
    ["a const template built from a conditional const", "const order = desc ? \"DESC\" : \"ASC\";\nconst q = `SELECT * FROM users ORDER BY name ${order}`;\npool.query(q);", "pool.query(q)", "pg", reads("users")],
    ["Prisma: a conditional fragment", 'prisma.$queryRaw`SELECT * FROM "Post" p ${cursor ? Prisma.sql`JOIN "Tag" t ON t.id = p.tag WHERE p.id > ${cursor}` : Prisma.empty} ORDER BY p.id`;', 'prisma.$queryRaw`SELECT * FROM "Post" p ${cursor ? Prisma.sql`JOIN "Tag" t ON t.id = p.tag WHERE p.id > ${cursor}` : Prisma.empty} ORDER BY p.id`', "prisma", reads("prisma:post", "prisma:tag")],
    ["Prisma: a fragment held in a const", 'const where = Prisma.sql`WHERE "teamId" = ${teamId}`;\nprisma.$queryRaw`SELECT * FROM "Member" ${where}`;', 'prisma.$queryRaw`SELECT * FROM "Member" ${where}`', "prisma", reads("prisma:member")],
    ["Prisma.raw of a const", 'const TABLE = "Audit";\nprisma.$queryRaw`SELECT * FROM ${Prisma.raw(TABLE)}`;', 'prisma.$queryRaw`SELECT * FROM ${Prisma.raw(TABLE)}`', "prisma", reads("prisma:audit")],
  ])("%s", (_name, code, call, library, tables) => expect(rawSqlTables(callIn(code, call), library)).toEqual(tables));

  it.each<Case>([
    ["a table name from a parameter", "function f(table: string) { return pool.query(`SELECT * FROM ${table} WHERE id = $1`); }", "pool.query(`SELECT * FROM ${table} WHERE id = $1`)", "pg", unknown],
    ["a concatenated table", `pool.query("SELECT * FROM " + table);`, `pool.query("SELECT * FROM " + table)`, "pg", unknown],
    ["text built in a let", `let q = "SELECT * FROM users";\nif (x) q += " JOIN orgs ON true";\npool.query(q);`, `pool.query(q)`, "pg", unknown],
    ["text passed in", `function run(q: string) { return pool.query(q); }`, `pool.query(q)`, "pg", unknown],
    ["text imported from another module", `import { Q } from "./queries";\npool.query(Q);`, `pool.query(Q)`, "pg", unknown],
    ["a conditions fragment passed in", 'function f(where: Prisma.Sql) { return prisma.$queryRaw`SELECT * FROM "User" WHERE ${where}`; }', 'prisma.$queryRaw`SELECT * FROM "User" WHERE ${where}`', "prisma", { reads: ["prisma:user"], writes: [], unknown: true }],
    ["a string const in a tagged template's table position is a bound value", 'const T = "users";\nsql`SELECT * FROM ${T}`;', "sql`SELECT * FROM ${T}`", "postgres", unknown],
    ["postgres.js' identifier helper", "sql`SELECT * FROM ${sql(table)}`;", "sql`SELECT * FROM ${sql(table)}`", "postgres", unknown],
  ])("unknown: %s", (_name, code, call, library, tables) => expect(rawSqlTables(callIn(code, call), library)).toEqual(tables));
});

describe("read and written tables of raw SQL beside the builders", () => {
  it("a read names all its tables, or none when one is unknown", () => {
    expect(readTablesOf(callIn(`pool.query("SELECT * FROM users u JOIN orgs o ON o.id = u.org");`, `pool.query("SELECT * FROM users u JOIN orgs o ON o.id = u.org")`), "pg")).toEqual(["users", "orgs"]);
    expect(readTablesOf(callIn("pool.query(`SELECT * FROM users ${joins}`);", "pool.query(`SELECT * FROM users ${joins}`)"), "pg")).toBeUndefined();
    expect(readTablesOf(callIn(`db("users").where({ id });`, `db("users").where({ id })`), "knex")).toEqual(["users"]);
  });

  it("a write counts every table it names, also beside a `${…}` it cannot read", () => {
    const code = "pool.query(`INSERT INTO audit (a) SELECT a FROM users; UPDATE users SET seen = now()`);\nsql`INSERT INTO events ${sql(rows)}`;";
    const written = writtenTables([
      [callIn(code, "pool.query(`INSERT INTO audit (a) SELECT a FROM users; UPDATE users SET seen = now()`)"), "pg"],
      [callIn(code, "sql`INSERT INTO events ${sql(rows)}`"), "postgres"],
    ]);
    expect(written).toEqual([["audit", 1], ["users", 1], ["events", 2]]);
  });
});
