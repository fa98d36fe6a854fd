// A read that hands back every column of a table that holds credentials: `prisma.user.findFirst({ where: { email } })`
// without a `select` returns the password hash and 2FA secrets with the name, and a cache would keep them in its
// shared store (Redis) for the whole TTL. Known for Prisma (`select`/`omit`), Sequelize (`attributes`) and Mongoose
// (`.select(…)` in the chain); the table comes from src/analysis/data-tables.ts.
import { ts } from "ts-morph";
import { tableOf } from "./data-tables.js";

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

export function wholeCredentialRows(node: ts.Node, library: string): string | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  if (ts.isPropertyAccessExpression(node.expression) && NO_ROWS.test(node.expression.name.text)) return undefined;
  const table = bareTable(node, library);
  if (!table || !CREDENTIAL_TABLES.test(table)) return undefined;
  if (library === "prisma") return hasProperty(objectArgument(node), PRISMA_PROJECTION) ? undefined : table;
  if (library === "sequelize") {
    // the options are the first argument, or the second of findByPk(id, options); options the syntax does not show may project
    const method = ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : "";
    const options = node.arguments.filter((_, i) => !(method === "findByPk" && i === 0));
    return options.some((a) => !ts.isObjectLiteralExpression(a) || hasProperty(a, SEQUELIZE_PROJECTION)) ? undefined : table;
  }
  if (library === "mongoose" || library === "mongodb") return chainSelects(node) || node.arguments.length > 1 ? undefined : table;
  return undefined;
}
