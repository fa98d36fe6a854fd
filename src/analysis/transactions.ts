// Code that runs on a transaction or on one connection: its queries go out one after another on that
// connection, so neither the iterations of a loop nor the awaits of a waterfall may run at once.
import { ts } from "ts-morph";
import { calleeText, type Effects } from "./effects.js";
import { findDeclaration } from "./scope.js";
import { importOrigin } from "./import-origin.js";

const CONNECTION_MAKERS = /^(connect|getConnection|acquire|transaction|startTransaction|startSession|\$transaction|reserve)$/;

/** The identifier as its parent sees it: `(trx as Db).insert()` uses `trx` as `trx.insert()` would. */
function asUsed(id: ts.Identifier): { node: ts.Expression; parent: ts.Node } {
  let node: ts.Expression = id;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent) || ts.isSatisfiesExpression(node.parent)) node = node.parent;
  return { node, parent: node.parent };
}

/** Used as `trx.x`, `trx(…)` or handed to a call (`getRange(trx, 0)`), not merely read as a value. */
function usedForQueries(id: ts.Identifier): boolean {
  const { node, parent: p } = asUsed(id);
  if (ts.isPropertyAccessExpression(p) && p.expression === node) return true;
  return ts.isCallExpression(p) && (p.expression === node || p.arguments.includes(node));
}

/** `find(q, { session })`, `.session(session)`, `withSession(session, …)`: passed whole, not read for a member. */
function handedToQuery(id: ts.Identifier): boolean {
  const { node, parent: p } = asUsed(id);
  if (ts.isShorthandPropertyAssignment(p) || (ts.isPropertyAssignment(p) && p.initializer === node)) return true;
  return ts.isCallExpression(p) && p.arguments.includes(node);
}

/** The option names ORMs take a transaction or a single connection under. */
const TRANSACTION_OPTIONS = /^(transaction|transacting|trx|queryRunner|transactionalEntityManager)$/;

/**
 * `query(sql, { transaction })`, `create(row, { transaction: t })` (Sequelize, TypeORM), `findAll({ transacting })`
 * (Bookshelf): a query told to run on one.
 */
function transactionOption(id: ts.Identifier): boolean {
  const { node, parent: p } = asUsed(id);
  if (ts.isShorthandPropertyAssignment(p)) return TRANSACTION_OPTIONS.test(p.name.text);
  return ts.isPropertyAssignment(p) && p.initializer === node && ts.isIdentifier(p.name) && TRANSACTION_OPTIONS.test(p.name.text);
}

/** Names a transaction or one connection goes by in code (`trx`, a TypeORM `queryRunner`, `this.transactionManager`). */
const TRANSACTION_NAMES = /^(trx|tx|txn|transaction|transacting|queryRunner|transactionManager|transactionalEntityManager)$/;

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
  // `this.transactionManager.save(…)`, `queryRunner.manager.getRepository(X).find()`: a call through one held elsewhere
  for (const call of effects.calls) {
    const held = heldTransaction(call.node);
    if (held) return held;
  }
  // an outer binding that is a transaction or one connection: trx, or made by pool.connect() / db.transaction()
  for (const [name, ids] of effects.reads) {
    const decl = findDeclaration(ids[0]!);
    if (!decl) continue;
    // a Mongo session is handed to the queries (`{ session }`, `.session(session)`); a test's `session.user` is data
    if (name === "session" && ids.some(handedToQuery)) return name;
    if (ids.some(transactionOption)) return name;
    if (!ids.some(usedForQueries)) continue;
    if (TRANSACTION_NAMES.test(name)) return name;
    const parent = decl.parent;
    if (ts.isVariableDeclaration(parent) && parent.initializer) {
      let init: ts.Expression = parent.initializer;
      if (ts.isAwaitExpression(init)) init = init.expression;
      if (ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && CONNECTION_MAKERS.test(init.expression.name.text)) return name;
      if (isPgClient(init)) return name;
    }
    if (ts.isParameter(parent) && ids.some(handedToQuery) && callersHandTransaction(parent)) return name;
    if (ts.isParameter(parent)) {
      const fn = parent.parent;
      const call = fn.parent;
      if (call && ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && /transaction/i.test(call.expression.name.text)) return name;
    }
  }
  return undefined;
}

/** The member of a call's receiver chain that names a transaction (`this.transactionManager`), if any. */
function heldTransaction(call: ts.Node): string | undefined {
  if (!ts.isCallExpression(call)) return undefined;
  for (let e: ts.Expression = call.expression; ; ) {
    if (ts.isPropertyAccessExpression(e)) {
      if (e.expression.kind === ts.SyntaxKind.ThisKeyword && TRANSACTION_NAMES.test(e.name.text)) return `this.${e.name.text}`;
      e = e.expression;
    } else if (ts.isCallExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e) || ts.isElementAccessExpression(e)) e = e.expression;
    else return undefined;
  }
}

/**
 * `populate(options)` whose own file calls it as `this.populate({ transacting })` (Ghost's Stripe migrations open the
 * transaction and call themselves with it): the options a query is handed carry a transaction.
 */
const handedTransaction = new WeakMap<ts.ParameterDeclaration, boolean>();

function callersHandTransaction(param: ts.ParameterDeclaration): boolean {
  let known = handedTransaction.get(param);
  if (known === undefined) handedTransaction.set(param, (known = findCallerHandingTransaction(param)));
  return known;
}

function findCallerHandingTransaction(param: ts.ParameterDeclaration): boolean {
  const fn = param.parent;
  const index = fn.parameters.indexOf(param);
  const name = fn.name && ts.isIdentifier(fn.name) ? fn.name.text : undefined;
  if (!name || index < 0) return false;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      const called = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword ? callee.name.text : undefined;
      const arg = called === name ? n.arguments[index] : undefined;
      if (arg && ts.isObjectLiteralExpression(arg) && arg.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && TRANSACTION_OPTIONS.test(p.name.text))) found = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(fn.getSourceFile());
  return found;
}
