// Which table a query works on, as far as the syntax says: knex's `db("users")`, `.from("users")`,
// `.into("users")`, `.table("users")`, Kysely's `selectFrom("users")`, `updateTable("users")` … (a string, or a
// const, const object property or enum member holding one: src/analysis/static-strings.ts), Prisma's
// `prisma.user.update()`, Mongoose and Sequelize models and MongoDB collections (src/analysis/model-names.ts);
// also when a variable holds the builder or a helper of the class or module starts it (`this.activeUsers().where(…)`);
// raw SQL (`pool.query("SELECT … FROM users")`, sql`…`, `prisma.$queryRaw`…``) by its text (src/analysis/raw-sql.ts).
// A cached read of a table the app writes elsewhere can return data the app itself has since changed.
import { ts } from "ts-morph";
import { skipOuter } from "../detect/bindings.js";
import { importOrigin } from "./import-origin.js";
import { resolveLocalFunction, singleReturn } from "./local-functions.js";
import { findDeclaration } from "./scope.js";
import { mongoCollectionOf, mongooseModelOf, sequelizeModelOf } from "./model-names.js";
import { stringValue } from "./static-strings.js";
import { rawSqlTables } from "./raw-sql.js";
import { prismaNestedWrites } from "./prisma-nested-writes.js";
import { prismaRelationReads } from "./prisma-relation-reads.js";
import { isView, type PrismaRelations } from "./prisma-schema.js";

// knex's from/into/table; Kysely's selectFrom/insertInto/updateTable/deleteFrom/mergeInto/replaceInto
const TABLE_METHODS = new Set(["from", "into", "table", "selectFrom", "insertInto", "updateTable", "deleteFrom", "mergeInto", "replaceInto"]);
const PRISMA_CLIENT = /prisma|^db$|^tx$/i;
const PRISMA_PREFIX = "prisma:";
// variables and helpers followed from one query call
const MAX_HOPS = 3;

/** The table an argument names: its string value, or the property of an imported table-constants object. */
function tableName(e: ts.Expression): string | undefined {
  const value = stringValue(e);
  return value !== undefined ? bare(value) : importedPropertyKey(e);
}

// `db(T.features)` with `import { T } from "./tables"`: this file cannot see the object, so the table is keyed by
// the property name, the key a literal `"features"` gets. Table-constant objects name their properties after
// their tables (Unleash's `ROLE_USER: "role_user"`, `features: "features"`), so two files writing the same
// `T.features` always agree, and a file writing the literal agrees too while that convention holds. Where it
// does not (`users: "app_users"`), the cost is a review, or a write elsewhere missed. Only an import: a
// parameter or `this.config.tables.users` may be any object, with any value.
function importedPropertyKey(e: ts.Expression): string | undefined {
  e = skipOuter(e);
  if (!ts.isPropertyAccessExpression(e)) return undefined;
  let root = skipOuter(e.expression);
  while (ts.isPropertyAccessExpression(root)) root = skipOuter(root.expression);
  return ts.isIdentifier(root) && importOrigin(root) ? e.name.text.toLowerCase() : undefined;
}

/**
 * `users` from `users as u` and from `public.users`; undefined for anything that is no table name (SQL text). The
 * schema is dropped as raw SQL's tables drop it (src/analysis/sql-tables.ts), so the two are keyed alike.
 */
function bare(name: string): string | undefined {
  const m = /^\s*([\w.$-]+)(\s+as\s+\w+)?\s*$/i.exec(name);
  return m ? m[1]!.split(".").pop()!.toLowerCase() : undefined;
}

/**
 * The table, model or collection the query chain ending at `node` works on (undefined: the syntax does not
 * say); `library` is the catalog's name for the call's library (`mongoose`, `mongodb`, `knex`, …).
 */
export function tableOf(node: ts.Node, library?: string): string | undefined {
  if (library === "mongoose") return mongooseModelOf(node);
  if (library === "mongodb") return mongoCollectionOf(node);
  if (library === "sequelize") return sequelizeModelOf(node);
  if (library === "@clickhouse/client") return clickhouseInsertTable(node);
  let e: ts.Node = node;
  let hops = 0;
  for (;;) {
    if (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) {
      e = e.expression;
      continue;
    }
    // a builder held in a variable: `const query = this.db(TABLE).where(…); … await query`
    if (ts.isIdentifier(e) && hops < MAX_HOPS) {
      const decl = findDeclaration(e)?.parent;
      if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
      e = decl.initializer;
      hops++;
      continue;
    }
    if (!ts.isCallExpression(e)) return undefined;
    const callee = e.expression;
    const first = e.arguments[0] && tableName(e.arguments[0]);
    if (ts.isPropertyAccessExpression(callee)) {
      if (TABLE_METHODS.has(callee.name.text) && first) return first;
      // prisma.user.update(…): the model between the client and the method
      const model = callee.expression;
      if (ts.isPropertyAccessExpression(model) && !ts.isCallExpression(model.expression)) {
        const client = ts.isPropertyAccessExpression(model.expression) ? model.expression.name.text : ts.isIdentifier(model.expression) ? model.expression.text : "";
        if (PRISMA_CLIENT.test(client)) return `${PRISMA_PREFIX}${model.name.text.toLowerCase()}`;
      }
      if (ts.isCallExpression(callee.expression) || ts.isParenthesizedExpression(callee.expression) || ts.isAwaitExpression(callee.expression)) {
        e = callee.expression;
        continue;
      }
    }
    // the chain's first call, on the client itself: db("users"), knex("users"), this.db("users")
    const onClient = ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword);
    if (onClient && first) return first;
    // a helper of the class or module that starts the query: `this.activeUsers().where(…)`
    const helper = onClient && hops < MAX_HOPS ? resolveLocalFunction(callee) : undefined;
    const returned = helper && singleReturn(helper);
    if (!returned) return undefined;
    e = returned;
    hops++;
  }
}

/** ClickHouse's `client.insert({ table: "events", values })`: the table its options name (its queries are raw SQL). */
function clickhouseInsertTable(node: ts.Node): string | undefined {
  let e = node as ts.Expression;
  while (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e)) e = e.expression;
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) || e.expression.name.text !== "insert") return undefined;
  const options = e.arguments[0] && skipOuter(e.arguments[0]);
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  const table = options.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "table");
  return table && tableName(table.initializer);
}

/**
 * The tables a read works on: all those its raw SQL reads, or the one its builder or model names, and for Prisma the
 * models of the relations it loads, counts or filters by (`prisma`: the project's schema, if found). undefined: the
 * syntax does not say (also raw SQL where a `${…}` may name a table).
 */
export function readTablesOf(node: ts.Node, library: string, prisma?: PrismaRelations): string[] | undefined {
  const raw = rawSqlTables(node, library);
  if (raw) return raw.unknown ? undefined : raw.reads;
  const table = tableOf(node, library);
  if (table === undefined) return undefined;
  // a Prisma view (cal.com's BookingTimeStatus over Booking): the tables under it are not named here
  if (table.startsWith(PRISMA_PREFIX) && isView(prisma, table.slice(PRISMA_PREFIX.length))) return undefined;
  return table.startsWith(PRISMA_PREFIX) ? [table, ...prismaRelationReads(node, table.slice(PRISMA_PREFIX.length), prisma)] : [table];
}

/** A table a file writes, the line of its first write, and for a Prisma nested write the relation fields it goes through. */
export type WrittenTable = [table: string, line: number, via?: string];

/**
 * The tables the given write calls (each with its library) work on, each with the line of its first write; a
 * Prisma write also writes the models its nested writes reach (`prisma`: the project's schema, if found).
 */
export function writtenTables(writes: Iterable<[ts.Node, string]>, prisma?: PrismaRelations): WrittenTable[] {
  const found = new Map<string, WrittenTable>();
  for (const [call, library] of writes) {
    const sf = call.getSourceFile();
    const line = sf.getLineAndCharacterOfPosition(call.getStart(sf)).line + 1;
    for (const { table, via } of tablesWrittenBy(call, library, prisma)) {
      if (!found.has(table)) found.set(table, via === undefined ? [table, line] : [table, line, via]);
    }
  }
  return [...found.values()];
}

/** The Prisma models (lower-case) the given Prisma calls work on: what a nested write is matched to by name when no schema names its model. */
export function prismaModelsOf(calls: Iterable<ts.Node>): string[] {
  const models = new Set<string>();
  for (const call of calls) {
    const table = tableOf(call, "prisma");
    if (table?.startsWith(PRISMA_PREFIX)) models.add(table.slice(PRISMA_PREFIX.length));
  }
  return [...models];
}

function tablesWrittenBy(call: ts.Node, library: string, prisma: PrismaRelations | undefined): { table: string; via?: string }[] {
  // the tables raw SQL names are written even when a `${…}` may name more
  const raw = rawSqlTables(call, library);
  if (raw) return raw.writes.map((table) => ({ table }));
  const table = tableOf(call, library);
  if (!table) return [];
  const nested = table.startsWith(PRISMA_PREFIX) ? prismaNestedWrites(call, table.slice(PRISMA_PREFIX.length), prisma) : [];
  return [{ table }, ...nested];
}
