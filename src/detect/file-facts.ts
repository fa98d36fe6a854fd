// The single walk over a file: sets parent pointers, records scopes and bindings, class members,
// and the nodes the detectors look at (calls, awaits, loops). Everything else reads these facts.
import { ts } from "ts-morph";
import { bind, bindPattern, declarationScope, type Origin, type ScopeTable } from "./bindings.js";

export type LoopNode =
  | ts.ForStatement
  | ts.ForOfStatement
  | ts.ForInStatement
  | ts.WhileStatement
  | ts.DoStatement;

export interface FileFacts {
  sourceFile: ts.SourceFile;
  scopes: Map<ts.Node, ScopeTable>;
  /** Class members that `this.<name>` can refer to: class node → member name → origins. */
  classMembers: Map<ts.Node, Map<string, Origin[]>>;
  calls: (ts.CallExpression | ts.TaggedTemplateExpression | ts.NewExpression)[];
  awaits: ts.AwaitExpression[];
  forAwaitLoops: ts.ForOfStatement[];
  /** Statement lists, in which waterfalls of independent awaits are looked for. */
  blocks: (ts.Block | ts.SourceFile | ts.CaseClause | ts.DefaultClause | ts.ModuleBlock)[];
  /** Plain assignments `name = value` to already-declared names (re-assignment of clients). */
  assignments: ts.BinaryExpression[];
  /**
   * Every node a write can end in (assignments of any operator, `for (x of/in …)`, `++`/`--`, `delete`): with
   * the calls, the only places `mutatedDeclarations` (src/analysis/cacheability.ts) needs to look.
   */
  writeSites: ts.Node[];
}

function recordDeclaration(facts: FileFacts, node: ts.Node): void {
  const { scopes } = facts;
  if (ts.isVariableDeclaration(node)) {
    const list = node.parent;
    const functionScoped = ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.BlockScoped) === 0;
    let init = node.initializer;
    const loop = list.parent;
    // for (const x of xs): x is an element, not the collection.
    if (loop && ts.isForOfStatement(loop) && ts.isIdentifier(node.name)) {
      bind(scopes, declarationScope(node, functionScoped), node.name.text, { t: "element", expr: loop.expression });
      return;
    }
    if (loop && (ts.isForOfStatement(loop) || ts.isForInStatement(loop))) init = undefined;
    bindPattern(scopes, declarationScope(node, functionScoped), node.name, init, node.type);
  } else if (ts.isParameter(node)) {
    const fn = node.parent;
    if (!node.type && ts.isIdentifier(node.name) && isCallbackArgument(fn)) bind(scopes, fn, node.name.text, { t: "callbackParam", fn, index: fn.parameters.indexOf(node) });
    else bindPattern(scopes, fn, node.name, undefined, node.type);
    // constructor(private readonly db: PrismaClient) declares a class member too.
    if (ts.isConstructorDeclaration(fn) && ts.isIdentifier(node.name) && ts.getModifiers(node)?.length && node.type) {
      addMember(facts, fn.parent, node.name.text, { t: "typed", type: node.type });
    }
  } else if (ts.isFunctionDeclaration(node) && node.name) {
    bind(scopes, declarationScope(node, true), node.name.text, { t: "opaque" });
  } else if (ts.isClassDeclaration(node) && node.name) {
    bind(scopes, declarationScope(node, false), node.name.text, { t: "class", node });
  } else if (ts.isClassExpression(node) && node.name) {
    bind(scopes, node, node.name.text, { t: "class", node });
  } else if ((ts.isFunctionExpression(node)) && node.name) {
    bind(scopes, node, node.name.text, { t: "opaque" });
  } else if (ts.isTypeAliasDeclaration(node)) {
    bind(scopes, declarationScope(node, false), node.name.text, { t: "typeAlias", type: node.type });
  } else if (ts.isEnumDeclaration(node) || (ts.isModuleDeclaration(node) && ts.isIdentifier(node.name))) {
    bind(scopes, declarationScope(node, false), (node.name as ts.Identifier).text, { t: "opaque" });
  } else if (ts.isCatchClause(node) && node.variableDeclaration) {
    bindPattern(scopes, node, node.variableDeclaration.name, undefined, undefined);
  } else if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.importClause) {
    const module = node.moduleSpecifier.text;
    const clause = node.importClause;
    const scope = node.parent;
    if (clause.name) bind(scopes, scope, clause.name.text, { t: "import", module, name: "default" });
    const named = clause.namedBindings;
    if (named && ts.isNamespaceImport(named)) bind(scopes, scope, named.name.text, { t: "import", module, name: "*" });
    if (named && ts.isNamedImports(named)) {
      for (const element of named.elements) {
        const imported = element.propertyName ?? element.name;
        const importedName = ts.isIdentifier(imported) ? imported.text : imported.text;
        bind(scopes, scope, element.name.text, { t: "import", module, name: importedName });
      }
    }
  } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
    const expr = node.moduleReference.expression;
    if (ts.isStringLiteral(expr)) bind(scopes, node.parent, node.name.text, { t: "import", module: expr.text, name: "*" });
  } else if (
    (ts.isPropertyDeclaration(node) || ts.isPropertySignature(node)) &&
    // `#client` is named "#client" here and in `this.#client`
    (ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name)) &&
    ts.isClassLike(node.parent)
  ) {
    const decl = node as ts.PropertyDeclaration;
    if (decl.initializer) addMember(facts, node.parent, node.name.text, { t: "expr", expr: decl.initializer });
    else if (decl.type) addMember(facts, node.parent, node.name.text, { t: "typed", type: decl.type });
  }
}

/** `(trx) => …` handed straight to a call: `db.transaction(async (trx) => …)`. */
function isCallbackArgument(fn: ts.SignatureDeclaration): boolean {
  const call = fn.parent;
  return (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isCallExpression(call) && call.arguments.includes(fn);
}

function addMember(facts: FileFacts, cls: ts.Node, name: string, origin: Origin): void {
  let members = facts.classMembers.get(cls);
  if (!members) {
    members = new Map();
    facts.classMembers.set(cls, members);
  }
  const list = members.get(name);
  if (list) list.push(origin);
  else members.set(name, [origin]);
}

/** `this.client = new Client()` inside a class records a member. */
function recordThisAssignment(facts: FileFacts, node: ts.BinaryExpression): void {
  const left = node.left;
  if (!ts.isPropertyAccessExpression(left) || left.expression.kind !== ts.SyntaxKind.ThisKeyword) return;
  let current: ts.Node | undefined = node.parent;
  while (current && !ts.isClassLike(current)) {
    if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)) return;
    current = current.parent;
  }
  if (current) addMember(facts, current, left.name.text, { t: "expr", expr: node.right });
}

const enum Action {
  None,
  Call,
  Await,
  ForOf,
  Block,
  Binary,
  Declaration,
  Write,
  Unary,
}

/** What the walk does for each node kind, looked up by kind number (the walk runs over every node). */
const ACTIONS = (() => {
  const table = new Uint8Array(ts.SyntaxKind.Count);
  const set = (action: Action, ...kinds: ts.SyntaxKind[]) => kinds.forEach((k) => (table[k] = action));
  set(Action.Call, ts.SyntaxKind.CallExpression, ts.SyntaxKind.TaggedTemplateExpression, ts.SyntaxKind.NewExpression);
  set(Action.Await, ts.SyntaxKind.AwaitExpression);
  set(Action.ForOf, ts.SyntaxKind.ForOfStatement);
  set(Action.Block, ts.SyntaxKind.Block, ts.SyntaxKind.CaseClause, ts.SyntaxKind.DefaultClause, ts.SyntaxKind.ModuleBlock);
  set(Action.Binary, ts.SyntaxKind.BinaryExpression);
  set(Action.Write, ts.SyntaxKind.ForInStatement, ts.SyntaxKind.DeleteExpression);
  set(Action.Unary, ts.SyntaxKind.PrefixUnaryExpression, ts.SyntaxKind.PostfixUnaryExpression);
  set(
    Action.Declaration,
    ts.SyntaxKind.VariableDeclaration,
    ts.SyntaxKind.Parameter,
    ts.SyntaxKind.FunctionDeclaration,
    ts.SyntaxKind.FunctionExpression,
    ts.SyntaxKind.ClassDeclaration,
    ts.SyntaxKind.ClassExpression,
    ts.SyntaxKind.EnumDeclaration,
    ts.SyntaxKind.ModuleDeclaration,
    ts.SyntaxKind.CatchClause,
    ts.SyntaxKind.ImportDeclaration,
    ts.SyntaxKind.ImportEqualsDeclaration,
    ts.SyntaxKind.PropertyDeclaration,
    ts.SyntaxKind.TypeAliasDeclaration,
  );
  return table;
})();

const EQUALS_TOKEN = ts.SyntaxKind.EqualsToken;
const FIRST_ASSIGNMENT = ts.SyntaxKind.FirstAssignment;
const LAST_ASSIGNMENT = ts.SyntaxKind.LastAssignment;
const PLUS_PLUS = ts.SyntaxKind.PlusPlusToken;
const MINUS_MINUS = ts.SyntaxKind.MinusMinusToken;
/** Identifiers, literals, keywords and punctuation have no children: no need to descend. */
const FIRST_NODE = ts.SyntaxKind.FirstNode;

export function collectFileFacts(sourceFile: ts.SourceFile): FileFacts {
  const facts: FileFacts = {
    sourceFile,
    scopes: new Map(),
    classMembers: new Map(),
    calls: [],
    awaits: [],
    forAwaitLoops: [],
    blocks: [sourceFile],
    assignments: [],
    writeSites: [],
  };
  // One closure for the whole walk; the current parent is kept in a variable, not captured per node.
  let parent: ts.Node = sourceFile;
  const visit = (node: ts.Node): undefined => {
    (node as { parent: ts.Node }).parent = parent;
    if (node.kind < FIRST_NODE) return undefined;
    switch (ACTIONS[node.kind] as Action) {
      case Action.None:
        break;
      case Action.Call:
        facts.calls.push(node as ts.CallExpression);
        break;
      case Action.Await:
        facts.awaits.push(node as ts.AwaitExpression);
        break;
      case Action.ForOf:
        if ((node as ts.ForOfStatement).awaitModifier) facts.forAwaitLoops.push(node as ts.ForOfStatement);
        facts.writeSites.push(node);
        break;
      case Action.Write:
        facts.writeSites.push(node);
        break;
      case Action.Unary: {
        const op = (node as ts.PrefixUnaryExpression).operator;
        if (op === PLUS_PLUS || op === MINUS_MINUS) facts.writeSites.push(node);
        break;
      }
      case Action.Block:
        facts.blocks.push(node as ts.Block);
        break;
      case Action.Binary: {
        const bin = node as ts.BinaryExpression;
        const op = bin.operatorToken.kind;
        if (op >= FIRST_ASSIGNMENT && op <= LAST_ASSIGNMENT) facts.writeSites.push(bin);
        if (op === EQUALS_TOKEN) {
          if (ts.isIdentifier(bin.left)) facts.assignments.push(bin);
          else recordThisAssignment(facts, bin);
        }
        break;
      }
      case Action.Declaration:
        recordDeclaration(facts, node);
        break;
    }
    const saved = parent;
    parent = node;
    ts.forEachChild(node, visit);
    parent = saved;
    return undefined;
  };
  ts.forEachChild(sourceFile, visit);
  return facts;
}
