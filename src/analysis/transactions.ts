// Code that runs on a transaction or on one connection: its queries go out one after another on that
// connection, so neither the iterations of a loop nor the awaits of a waterfall may run at once.
import { ts } from "ts-morph";
import { calleeText, type Effects } from "./effects.js";
import { findDeclaration } from "./scope.js";
import { importOrigin } from "./import-origin.js";

const CONNECTION_MAKERS = /^(connect|getConnection|acquire|transaction|startTransaction|startSession|\$transaction|reserve)$/;

/** Used as `trx.x`, `trx(…)` or handed to a call (`getRange(trx, 0)`), not merely read as a value. */
function usedForQueries(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.expression === id) return true;
  return ts.isCallExpression(p) && (p.expression === id || p.arguments.includes(id));
}

/** `find(q, { session })`, `.session(session)`, `withSession(session, …)`: passed whole, not read for a member. */
function handedToQuery(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isShorthandPropertyAssignment(p) || (ts.isPropertyAssignment(p) && p.initializer === id)) return true;
  return ts.isCallExpression(p) && p.arguments.includes(id);
}

/** `query(sql, { transaction })`, `create(row, { transaction: t })`: Sequelize's and TypeORM's way to run on one. */
function transactionOption(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isShorthandPropertyAssignment(p)) return p.name.text === "transaction";
  return ts.isPropertyAssignment(p) && p.initializer === id && ts.isIdentifier(p.name) && p.name.text === "transaction";
}

/** `new Client(config)` with Client from pg (`new pg.Client()`): one connection, unlike a Pool. */
function isPgClient(init: ts.Expression): boolean {
  if (!ts.isNewExpression(init)) return false;
  const callee = init.expression;
  const id = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) && callee.name.text === "Client" && ts.isIdentifier(callee.expression) ? callee.expression : undefined;
  if (!id || (ts.isIdentifier(callee) && callee.text !== "Client")) return false;
  return importOrigin(id)?.module === "pg";
}

/** The transaction or single connection the region runs on, if any (for the "transaction" reason). */
export function transactionName(effects: Effects): string | undefined {
  for (const call of effects.calls) if (call.data.type === "transaction") return calleeText(call.node);
  // an outer binding that is a transaction or one connection: trx, or made by pool.connect() / db.transaction()
  for (const [name, ids] of effects.reads) {
    const decl = findDeclaration(ids[0]!);
    if (!decl) continue;
    // a Mongo session is handed to the queries (`{ session }`, `.session(session)`); a test's `session.user` is data
    if (name === "session" && ids.some(handedToQuery)) return name;
    if (ids.some(transactionOption)) return name;
    if (!ids.some(usedForQueries)) continue;
    if (/^(trx|tx|transaction)$/.test(name)) return name;
    const parent = decl.parent;
    if (ts.isVariableDeclaration(parent) && parent.initializer) {
      let init: ts.Expression = parent.initializer;
      if (ts.isAwaitExpression(init)) init = init.expression;
      if (ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && CONNECTION_MAKERS.test(init.expression.name.text)) return name;
      if (isPgClient(init)) return name;
    }
    if (ts.isParameter(parent)) {
      const fn = parent.parent;
      const call = fn.parent;
      if (call && ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && /transaction/i.test(call.expression.name.text)) return name;
    }
  }
  return undefined;
}
