// A read that hands back every column of a table that holds credentials: `prisma.user.findFirst({ where: { email } })`
// without a `select` returns the password hash and 2FA secrets with the name, and a cache would keep them in its
// shared store (Redis) for the whole TTL. Known for Prisma (`select`/`omit`), Sequelize (`attributes`) and Mongoose
// (`.select(…)` in the chain); the table comes from src/analysis/data-tables.ts. Credential tables are known by their
// names, and with the project's Prisma schema also by their fields (a `Link` with a `password`, a `Postback` with
// a `secret`), for Prisma's reads and for raw SQL's `SELECT *` of the model's table.
import { ts } from "ts-morph";
import { tableOf } from "./data-tables.js";
import { rawSqlTables, selectsEveryColumn } from "./raw-sql.js";
import { secretFields, type PrismaRelations } from "./prisma-schema.js";

// tables whose rows usually hold a secret: users' password hashes, webhooks' signing secrets, keys and tokens
const CREDENTIAL_TABLES = /^(users?|accounts?|credentials?|webhooks?|api_?keys?|api_?tokens?|tokens?|secrets?|verification_?tokens?|password_?resets?)$/;

/** The bare table of a read (`prisma:user` → `user`). */
function bareTable(node: ts.Node, library: string): string | undefined {
  return tableOf(node, library)?.replace(/^[a-z]+:/, "");
}

function objectArgument(call: ts.CallExpression): ts.ObjectLiteralExpression | undefined {
  const first = call.arguments[0];
  return first && ts.isObjectLiteralExpression(first) ? first : undefined;
}

function hasProperty(object: ts.ObjectLiteralExpression | undefined, names: ReadonlySet<string>): boolean {
  return Boolean(object?.properties.some((p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && ts.isIdentifier(p.name) && names.has(p.name.text)));
}

const PRISMA_PROJECTION = new Set(["select", "omit"]);
// `raw: true` gives plain rows, but every column of them
const SEQUELIZE_PROJECTION = new Set(["attributes"]);

/** Does the chain the call ends go through `.select(…)`/`.projection(…)` (Mongoose, MongoDB)? */
function chainSelects(call: ts.Node): boolean {
  let top: ts.Node = call;
  while (top.parent && (ts.isPropertyAccessExpression(top.parent) || ts.isCallExpression(top.parent)) && (ts.isCallExpression(top.parent) ? top.parent.expression === top : top.parent.expression === top)) top = top.parent;
  for (let e: ts.Node = top; ts.isCallExpression(e) || ts.isPropertyAccessExpression(e); e = e.expression) {
    if (ts.isPropertyAccessExpression(e) && /^(select|projection)$/.test(e.name.text)) return true;
  }
  return false;
}

/** The table whose whole rows the read returns, when it is one that holds credentials (undefined: none). */
// calls that hand back a number or a flag, not rows: `prisma.user.count()`, `User.exists({ email })`
const NO_ROWS = /^(count|countDocuments|estimatedDocumentCount|exists|aggregate|groupBy|sum|max|min|average|distinct)$/;

/** A table whose whole rows a read returns, and the fields the schema says hold secrets (none: the table's name says so). */
export interface WholeRows {
  table: string;
  fields: readonly string[];
}

export function wholeCredentialRows(node: ts.Node, library: string, prisma?: PrismaRelations): WholeRows | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  if (ts.isPropertyAccessExpression(node.expression) && NO_ROWS.test(node.expression.name.text)) return undefined;
  // raw SQL: `SELECT * FROM Link` of a model whose schema has a secret field
  const raw = prisma && rawSqlTables(node, library);
  if (raw) return selectsEveryColumn(node, library) ? raw.reads.map((t) => withSecret(t.replace(/^prisma:/, ""), prisma)).find(Boolean) : undefined;
  const table = bareTable(node, library);
  const rows: WholeRows | undefined = !table ? undefined : (CREDENTIAL_TABLES.test(table) ? { table, fields: [] } : library === "prisma" && prisma ? withSecret(table, prisma) : undefined);
  if (!rows) return undefined;
  if (library === "prisma") return hasProperty(objectArgument(node), PRISMA_PROJECTION) ? undefined : rows;
  if (library === "sequelize") {
    // the options are the first argument, or the second of findByPk(id, options); options the syntax does not show may project
    const method = ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : "";
    const options = node.arguments.filter((_, i) => !(method === "findByPk" && i === 0));
    return options.some((a) => !ts.isObjectLiteralExpression(a) || hasProperty(a, SEQUELIZE_PROJECTION)) ? undefined : rows;
  }
  if (library === "mongoose" || library === "mongodb") return chainSelects(node) || node.arguments.length > 1 ? undefined : rows;
  return undefined;
}

/** The rows of `table` hold secrets by the schema: its model has fields whose names say so (`password`, `secret`). */
function withSecret(table: string, prisma: PrismaRelations): WholeRows | undefined {
  const fields = secretFields(prisma, table);
  return fields.length ? { table, fields } : undefined;
}
