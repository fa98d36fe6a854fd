// The tables a raw SQL call reads and writes: where the call's SQL text is (`pool.query(text)`, `db.prepare(text).get()`,
// sql`…`, `prisma.$queryRaw`…``, Kysely's sql`…`.execute(db)), that text as far as the file says, and its tables
// (src/analysis/sql-tables.ts). A `${…}` of a plain template is its text when that is a constant string, and unknown
// otherwise; in a tagged template it is a bound value unless it is a fragment (Prisma.sql`…`, sql`…`, sql.raw("…"),
// a const holding one, `c ? sql`…` : Prisma.empty`), whose text goes in.
import { ts } from "ts-morph";
import { skipOuter } from "../detect/bindings.js";
import { calledName } from "./scope.js";
import { constInitializer, stringValue } from "./static-strings.js";
import { SQL_HOLE, sqlTables, type SqlTables } from "./sql-tables.js";

// the methods whose first argument is SQL text, by the catalog's library name ("sql": the fallback classifier)
const SQLITE_METHODS = ["get", "all", "each", "run", "exec", "prepare"];
const TEXT_METHODS: Record<string, readonly string[]> = {
  pg: ["query"],
  mysql2: ["query", "execute"],
  mysql: ["query", "execute"],
  "better-sqlite3": ["exec", "prepare"],
  sqlite3: SQLITE_METHODS,
  sqlite: SQLITE_METHODS,
  postgres: ["unsafe", "query"],
  "@neondatabase/serverless": ["unsafe", "query"],
  "@vercel/postgres": ["query"],
  "@planetscale/database": ["execute"],
  prisma: ["$queryRaw", "$queryRawUnsafe", "$executeRaw", "$executeRawUnsafe"],
  knex: ["raw"],
  sequelize: ["query"],
  typeorm: ["query"],
  "drizzle-orm": ["execute", "run", "all", "get", "values"],
  // sql`…`.execute(db) only
  kysely: [],
  sql: ["query", "execute", "raw"],
  // client.query({ query: "SELECT …" }): the options object's `query`
  "@clickhouse/client": ["query", "command", "exec"],
};
// a prepared statement's methods (better-sqlite3, sqlite3), and those that hand the statement back
const STATEMENT_LIBRARIES = new Set(["better-sqlite3", "sqlite3", "sqlite"]);
const STATEMENT_METHODS = new Set(["get", "all", "iterate", "each", "run", "pluck", "raw", "expand", "bind", "safeIntegers"]);
const FRAGMENT_TAGS = /^(sql|fragment)$/i;
const RAW_HELPERS = /^(raw|unsafe)$/;
const MAX_DEPTH = 6;
// alternatives of conditional fragments, multiplied: past this the text is taken for unknown
const MAX_TEXTS = 16;
const MAX_HOPS = 3;

/**
 * The expression holding the SQL of a raw SQL call: the call's text argument, the tagged template, the prepared
 * statement's text. null: a raw SQL call whose text this file does not show (`this.stmt.get(id)`); undefined: no
 * raw SQL call (a builder, a model method).
 */
function sqlSource(node: ts.Node, library: string): ts.Expression | null | undefined {
  const methods = TEXT_METHODS[library];
  if (!methods) return undefined;
  let e = node as ts.Expression;
  while (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) e = e.expression;
  if (ts.isTaggedTemplateExpression(e)) return e;
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return undefined;
  const method = e.expression.name.text;
  const receiver = skipOuter(e.expression.expression);
  // Kysely: sql`…`.execute(db)
  if (ts.isTaggedTemplateExpression(receiver)) return receiver;
  if (STATEMENT_LIBRARIES.has(library) && STATEMENT_METHODS.has(method)) {
    const prepared = preparedText(receiver, 0);
    if (prepared !== undefined) return prepared;
    if (library === "better-sqlite3") return null;
  }
  // no argument: a query builder's own `.execute()`
  return methods.includes(method) ? (e.arguments[0] ?? undefined) : undefined;
}

/** The text of `db.prepare(text)` a statement comes from, through `.pluck()`… and variables; null when it has none. */
function preparedText(e: ts.Expression, hops: number): ts.Expression | null | undefined {
  e = skipOuter(e);
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
    const method = e.expression.name.text;
    if (method === "prepare") return e.arguments[0] ?? null;
    return STATEMENT_METHODS.has(method) ? preparedText(e.expression.expression, hops) : undefined;
  }
  const init = ts.isIdentifier(e) && hops < MAX_HOPS ? constInitializer(e) : undefined;
  return init && preparedText(init, hops + 1);
}

/** A raw SQL call, whose tables come from its text (and must be named for its cached read to be safe). */
export function isRawSql(node: ts.Node, library: string): boolean {
  return sqlSource(node, library) !== undefined;
}

/** Every text `parts` joined can be (each part: its alternatives); undefined past MAX_TEXTS. */
function joined(parts: string[][]): string[] | undefined {
  let out = [""];
  for (const alternatives of parts) {
    out = out.flatMap((head) => alternatives.map((a) => head + a));
    if (out.length > MAX_TEXTS) return undefined;
  }
  return out;
}

function either(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  return a && b && a.length + b.length <= MAX_TEXTS ? [...a, ...b] : undefined;
}

/** The texts a string expression can be, with SQL_HOLE for the parts not known; undefined: not known at all. */
function sqlTexts(node: ts.Expression, depth: number): string[] | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const e = skipOuter(node);
  const part = (x: ts.Expression) => sqlTexts(x, depth + 1) ?? [SQL_HOLE];
  if (ts.isStringLiteralLike(e)) return [e.text];
  if (ts.isTemplateExpression(e)) return joined([[e.head.text], ...e.templateSpans.flatMap((s) => [part(s.expression), [s.literal.text]])]);
  if (ts.isTaggedTemplateExpression(e)) return taggedTexts(e, depth);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return joined([part(e.left), part(e.right)]);
  if (ts.isConditionalExpression(e)) return either(sqlTexts(e.whenTrue, depth + 1), sqlTexts(e.whenFalse, depth + 1));
  if (ts.isIdentifier(e)) {
    const init = constInitializer(e);
    return init && sqlTexts(init, depth + 1);
  }
  if (ts.isPropertyAccessExpression(e)) {
    const value = stringValue(e);
    return value === undefined ? undefined : [value];
  }
  // pg's `{ text, values }`, mysql2's `{ sql, values }`, ClickHouse's `{ query, format }`
  if (ts.isObjectLiteralExpression(e)) {
    const text = e.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && /^(text|sql|query)$/.test(p.name.getText()));
    return text && sqlTexts(text.initializer, depth + 1);
  }
  // Prisma.raw("…"), sql.raw("…"), sql.unsafe("…"): text that goes in as it is
  if (ts.isCallExpression(e) && RAW_HELPERS.test(calledName(e.expression) ?? "") && e.arguments[0]) return sqlTexts(e.arguments[0], depth + 1);
  return undefined;
}

/** A tagged template's texts: a `${…}` is a bound value (SQL_HOLE) unless it is a fragment. */
function taggedTexts(e: ts.TaggedTemplateExpression, depth: number): string[] | undefined {
  const t = e.template;
  if (ts.isNoSubstitutionTemplateLiteral(t)) return [t.text];
  return joined([[t.head.text], ...t.templateSpans.flatMap((s) => [fragmentTexts(s.expression, depth + 1) ?? [SQL_HOLE], [s.literal.text]])]);
}

/** The texts of a SQL fragment put into a tagged template; undefined: a value, or a fragment not known. */
function fragmentTexts(node: ts.Expression, depth: number): string[] | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const e = skipOuter(node);
  if (ts.isTaggedTemplateExpression(e)) return FRAGMENT_TAGS.test(calledName(e.tag) ?? "") ? taggedTexts(e, depth) : undefined;
  if (ts.isConditionalExpression(e)) return either(fragmentTexts(e.whenTrue, depth + 1), fragmentTexts(e.whenFalse, depth + 1));
  // Prisma.empty, sql.empty
  if (ts.isPropertyAccessExpression(e) && e.name.text === "empty") return [""];
  if (ts.isCallExpression(e) && RAW_HELPERS.test(calledName(e.expression) ?? "") && e.arguments[0]) return sqlTexts(e.arguments[0], depth + 1);
  if (ts.isIdentifier(e)) {
    const init = constInitializer(e);
    return init && fragmentTexts(init, depth + 1);
  }
  return undefined;
}

/**
 * The tables a raw SQL call reads and writes (undefined: no raw SQL call). Prisma's are keyed as its models are
 * (`prisma:user`): a model's table is named after the model by default, so `"User"` is `prisma.user`; a model
 * renamed by `@@map("users")` is not matched.
 */
export function rawSqlTables(node: ts.Node, library: string): SqlTables | undefined {
  const source = sqlSource(node, library);
  if (source === undefined) return undefined;
  const texts = source && (ts.isTaggedTemplateExpression(source) ? taggedTexts(source, 0) : sqlTexts(source, 0));
  if (!texts) return { reads: [], writes: [], unknown: true };
  const reads = new Set<string>();
  const writes = new Set<string>();
  let unknown = false;
  for (const text of texts) {
    const tables = sqlTables(text);
    tables.reads.forEach((t) => reads.add(t));
    tables.writes.forEach((t) => writes.add(t));
    unknown ||= tables.unknown;
  }
  const key = (t: string) => (library === "prisma" ? `prisma:${t}` : t);
  return { reads: [...reads].map(key), writes: [...writes].map(key), unknown };
}

// `SELECT *`, `SELECT DISTINCT l.*`: every column of the rows comes back
const SELECT_ALL = /\bselect\s+(?:distinct\s+)?(?:[\w"`]+\.)?\*/i;

/** Does the raw SQL call's text ask for every column (`SELECT * FROM …`)? False when the text is not known. */
export function selectsEveryColumn(node: ts.Node, library: string): boolean {
  const source = sqlSource(node, library);
  if (!source) return false;
  const texts = ts.isTaggedTemplateExpression(source) ? taggedTexts(source, 0) : sqlTexts(source, 0);
  return Boolean(texts?.some((text) => SELECT_ALL.test(text)));
}
