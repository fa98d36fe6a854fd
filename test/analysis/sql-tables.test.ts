// sqlTables as a table: SQL text -> the tables it reads and writes, and `unknown` where a `${…}` (SQL_HOLE) may
// name others. Keys are bare lower-case names, whatever schema or quoting the text uses.
import { describe, expect, it } from "vitest";
import { SQL_HOLE, sqlTables } from "../../src/analysis/sql-tables.js";

const $ = SQL_HOLE;
type Case = [name: string, sql: string, reads: string[], writes: string[]];

describe("tables read", () => {
  it.each<Case>([
    ["a plain FROM", "SELECT * FROM users WHERE id = $1", ["users"], []],
    ["lower case, no WHERE", "select id from Users", ["users"], []],
    ["schema-qualified", "SELECT * FROM public.users", ["users"], []],
    ["double-quoted, schema and table", 'SELECT * FROM "public"."User" u WHERE u."id" = $1', ["user"], []],
    ["backticks", "SELECT * FROM `orders` WHERE `id` = ?", ["orders"], []],
    ["brackets", "SELECT TOP 10 * FROM [dbo].[Orders]", ["orders"], []],
    ["an alias with AS", "SELECT u.id FROM users AS u", ["users"], []],
    ["a comma-separated FROM list", "SELECT * FROM users u, orgs o, teams WHERE u.org = o.id", ["users", "orgs", "teams"], []],
    ["every join kind", "SELECT * FROM a INNER JOIN b ON a.id = b.a LEFT OUTER JOIN c ON c.id = b.c RIGHT JOIN d USING (id) FULL JOIN e ON true CROSS JOIN f NATURAL JOIN g", ["a", "b", "c", "d", "e", "f", "g"], []],
    ["a table after a join's condition, by comma", "SELECT * FROM a JOIN b ON a.id = b.id, c WHERE c.x = a.x", ["a", "b", "c"], []],
    ["MySQL's STRAIGHT_JOIN", "SELECT * FROM a STRAIGHT_JOIN b ON a.id = b.id", ["a", "b"], []],
    ["a subquery in WHERE", "SELECT * FROM users WHERE org_id IN (SELECT id FROM orgs WHERE active)", ["users", "orgs"], []],
    ["a derived table", "SELECT t.n FROM (SELECT count(*) AS n FROM events GROUP BY kind) t", ["events"], []],
    ["EXISTS and a scalar subquery", "SELECT (SELECT max(at) FROM logins l WHERE l.user_id = u.id) FROM users u WHERE EXISTS (SELECT 1 FROM bans b WHERE b.user_id = u.id)", ["logins", "users", "bans"], []],
    ["a lateral join", "SELECT * FROM users u CROSS JOIN LATERAL (SELECT * FROM posts p WHERE p.author = u.id LIMIT 3) p", ["users", "posts"], []],
    ["a parenthesised join", "SELECT * FROM (users u JOIN orgs o ON o.id = u.org)", ["users", "orgs"], []],
    ["a CTE: its name is no table, the tables inside it are", "WITH recent AS (SELECT * FROM orders WHERE at > now() - interval '1 day') SELECT * FROM recent JOIN users ON users.id = recent.user_id", ["orders", "users"], []],
    ["two CTEs, the second reading the first", "WITH a AS (SELECT * FROM t1), b AS (SELECT * FROM a JOIN t2 ON true) SELECT * FROM b", ["t1", "t2"], []],
    ["a CTE with columns, MATERIALIZED", "WITH x (id) AS MATERIALIZED (SELECT id FROM items) SELECT * FROM x", ["items"], []],
    ["a CTE named like the table it filters", "WITH users AS (SELECT * FROM users WHERE active) SELECT * FROM users", ["users"], []],
    ["a recursive CTE", "WITH RECURSIVE tree AS (SELECT id FROM nodes WHERE parent IS NULL UNION ALL SELECT n.id FROM nodes n JOIN tree t ON n.parent = t.id) SELECT * FROM tree", ["nodes"], []],
    ["a CTE's name used in a later query of another statement is a table again", "WITH x AS (SELECT 1) SELECT * FROM x; SELECT * FROM x", ["x"], []],
    ["UNION", "SELECT id FROM a UNION SELECT id FROM b", ["a", "b"], []],
    ["FROM inside functions is no table", "SELECT extract(year FROM created_at), substring(name FROM 2 FOR 3), trim(both ' ' from title) FROM orders", ["orders"], []],
    ["IS DISTINCT FROM", "SELECT * FROM a WHERE a.x IS NOT DISTINCT FROM a.y", ["a"], []],
    ["table functions are no tables", "SELECT * FROM generate_series(1, 10) g JOIN unnest($1::int[]) AS u(id) ON true JOIN items ON items.id = u.id", ["items"], []],
    ["VALUES lists", "SELECT * FROM (VALUES (1), (2)) AS v(id) JOIN items USING (id)", ["items"], []],
    ["no table at all", "SELECT now() AS at, 1 + 1", [], []],
    ["FROM DUAL", "SELECT 1 FROM DUAL", [], []],
    ["Postgres' TABLE shorthand", "TABLE settings", ["settings"], []],
    ["FOR UPDATE OF names no written table", "SELECT * FROM jobs WHERE state = 'new' FOR UPDATE OF jobs SKIP LOCKED", ["jobs"], []],
  ])("%s", (_name, sql, reads, writes) => expect(sqlTables(sql)).toEqual({ reads, writes, unknown: false }));
});

describe("tables written", () => {
  it.each<Case>([
    ["INSERT INTO with columns", "INSERT INTO users (id, name) VALUES ($1, $2)", [], ["users"]],
    ["INSERT without a space before the columns", "insert into audit_log(event) values ($1)", [], ["audit_log"]],
    ["INSERT … SELECT", "INSERT INTO archive SELECT * FROM orders WHERE at < $1", ["orders"], ["archive"]],
    ["ON CONFLICT DO UPDATE is the INSERT's table", "INSERT INTO counters (k, n) VALUES ($1, 1) ON CONFLICT (k) DO UPDATE SET n = counters.n + 1", [], ["counters"]],
    ["ON DUPLICATE KEY UPDATE", "INSERT INTO counters (k, n) VALUES (?, 1) ON DUPLICATE KEY UPDATE n = n + 1", [], ["counters"]],
    ["SQLite's INSERT OR REPLACE", "INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)", [], ["kv"]],
    ["MySQL's INSERT IGNORE", "INSERT IGNORE INTO tags (name) VALUES (?)", [], ["tags"]],
    ["REPLACE INTO", "REPLACE INTO kv (k, v) VALUES (?, ?)", [], ["kv"]],
    ["UPSERT INTO", "UPSERT INTO kv (k, v) VALUES ($1, $2)", [], ["kv"]],
    ["UPDATE", "UPDATE users SET name = $1 WHERE id = $2", [], ["users"]],
    ["UPDATE … FROM reads the FROM", 'UPDATE "public"."Order" o SET total = s.total FROM sums s JOIN carts c ON c.id = s.cart WHERE o.id = s.id', ["sums", "carts"], ["order"]],
    ["MySQL's multi-table UPDATE writes what it joins", "UPDATE orders o JOIN users u ON u.id = o.user_id SET o.email = u.email", [], ["orders", "users"]],
    ["UPDATE with a subquery", "UPDATE users SET score = (SELECT count(*) FROM votes WHERE votes.user_id = users.id)", ["votes"], ["users"]],
    ["DELETE FROM", "DELETE FROM sessions WHERE expires < now()", [], ["sessions"]],
    ["DELETE … USING", "DELETE FROM sessions s USING users u WHERE s.user_id = u.id AND u.banned", ["users"], ["sessions"]],
    ["MySQL's multi-table DELETE", "DELETE s FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.banned", [], ["sessions", "users"]],
    ["MERGE INTO … USING", "MERGE INTO stock t USING deliveries d ON t.item = d.item WHEN MATCHED THEN UPDATE SET qty = t.qty + d.qty WHEN NOT MATCHED THEN INSERT (item, qty) VALUES (d.item, d.qty)", ["deliveries"], ["stock"]],
    ["TRUNCATE, several tables", "TRUNCATE TABLE ONLY a, b RESTART IDENTITY", [], ["a", "b"]],
    ["ALTER TABLE: a schema change or a ClickHouse mutation", "ALTER TABLE IF EXISTS analytics.events DELETE WHERE site_id = {site:String}", [], ["events"]],
    ["OPTIMIZE TABLE … FINAL (ClickHouse merges)", "OPTIMIZE TABLE sessions FINAL", [], ["sessions"]],
    ["ALTER with no table: nothing", "ALTER USER bob IDENTIFIED BY 'x'", [], []],
    ["a data-modifying CTE", "WITH moved AS (DELETE FROM queue WHERE id = $1 RETURNING *) INSERT INTO done SELECT * FROM moved", [], ["queue", "done"]],
    ["two statements", "UPDATE a SET x = 1; DELETE FROM b", [], ["a", "b"]],
    ["comments and strings hide nothing and name nothing", "-- DELETE FROM a\nUPDATE /* FROM b */ c SET note = 'UPDATE d SET x = 1', other = $$DELETE FROM e$$", [], ["c"]],
    ["a quote escaped inside a string", "UPDATE c SET note = 'it''s FROM x', more = 'a\\' FROM y' WHERE id = 1", [], ["c"]],
    ["DDL names no written rows", "CREATE INDEX idx ON users (email)", [], []],
  ])("%s", (_name, sql, reads, writes) => expect(sqlTables(sql)).toEqual({ reads, writes, unknown: false }));
});

describe("interpolated values name no table", () => {
  it.each<Case>([
    ["a compared value", `SELECT * FROM users WHERE id = ${$} AND org = ${$}`, ["users"], []],
    ["a list", `SELECT * FROM users WHERE id IN (${$}) OR id = ANY(${$})`, ["users"], []],
    ["limit and offset", `SELECT * FROM users ORDER BY name LIMIT ${$} OFFSET ${$}`, ["users"], []],
    ["order by a column and direction", `SELECT * FROM users ORDER BY ${$} ${$}`, ["users"], []],
    ["inside a string literal", `SELECT date_floor_round(now(), '${$} minutes') AS bucket`, [], []],
    ["BETWEEN … AND …", `SELECT * FROM events WHERE at BETWEEN ${$} AND ${$}`, ["events"], []],
    ["inserted values", `INSERT INTO users (id, name) VALUES (${$}, ${$})`, [], ["users"]],
    ["set values", `UPDATE users SET name = ${$}, seen = ${$} WHERE id = ${$}`, [], ["users"]],
  ])("%s", (_name, sql, reads, writes) => expect(sqlTables(sql)).toEqual({ reads, writes, unknown: false }));
});

describe("unknown: a `${…}` that may name a table (the tables named are kept, for writes)", () => {
  it.each<[string, string, reads: string[], writes: string[]]>([
    ["the table", `SELECT * FROM ${$} WHERE id = $1`, [], []],
    ["a quoted table", `SELECT * FROM "${$}" WHERE id = $1`, [], []],
    ["part of a table name", `SELECT * FROM events_${$}`, [], []],
    ["the schema", `SELECT * FROM ${$}.users`, [], []],
    ["the table after a schema", `SELECT * FROM app.${$}`, [], []],
    ["a joined table", `SELECT * FROM a JOIN ${$} b ON a.id = b.id`, ["a"], []],
    ["the second table of a list", `SELECT * FROM a, ${$}`, ["a"], []],
    ["the written table", `UPDATE ${$} SET x = 1`, [], []],
    ["the inserted table", `INSERT INTO ${$} (a) VALUES (1)`, [], []],
    ["the deleted table", `DELETE FROM ${$} WHERE id = 1`, [], []],
    ["the truncated table", `TRUNCATE ${$}`, [], []],
    ["joins after the table", `SELECT * FROM users u ${$} WHERE u.id = 1`, ["users"], []],
    ["the whole condition", `SELECT * FROM users WHERE ${$}`, ["users"], []],
    ["a condition after AND", `SELECT * FROM users WHERE id = 1 AND ${$}`, ["users"], []],
    ["what follows SELECT *", `SELECT * ${$}`, [], []],
    ["the whole statement", `${$}`, [], []],
    ["postgres.js' insert helper after the table", `INSERT INTO users ${$} RETURNING id`, [], ["users"]],
    ["mysql's ?? identifier placeholder", "SELECT * FROM ?? WHERE id = ?", [], []],
  ])("%s", (_name, sql, reads, writes) => expect(sqlTables(sql)).toEqual({ reads, writes, unknown: true }));
});
