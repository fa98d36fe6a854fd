// Lexical scope facts from the syntax tree alone (no binder, no Program): where a name is declared,
// which identifiers are references, which are writes.
import { ts } from "ts-morph";
import { fileMemo } from "./file-memo.js";

const FUNCTION_KINDS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
]);

export function isFunctionLike(node: ts.Node): node is ts.SignatureDeclaration & { body?: ts.Node } {
  return FUNCTION_KINDS.has(node.kind);
}

function bindingNames(name: ts.BindingName, out: ts.Identifier[]): void {
  if (ts.isIdentifier(name)) {
    out.push(name);
    return;
  }
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    bindingNames(element.name, out);
  }
}

export function namesOf(name: ts.BindingName): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  bindingNames(name, out);
  return out;
}

/** The first name `name` binds, in namesOf order, without building the list of names. */
function find(pattern: ts.BindingName, name: string): ts.Identifier | undefined {
  if (ts.isIdentifier(pattern)) return pattern.text === name ? pattern : undefined;
  for (const element of pattern.elements) {
    if (ts.isOmittedExpression(element)) continue;
    const hit = find(element.name, name);
    if (hit) return hit;
  }
  return undefined;
}

type VarTables = Map<ts.Node, Map<string, ts.Identifier>>;

// `var` names of a function body or a file (not of nested functions or classes), the first declaration
// of each name in walk order; collected once per body (kept in `tables`) instead of a walk per name asked.
function varsIn(body: ts.Node, name: string, tables?: VarTables): ts.Identifier | undefined {
  let table = tables?.get(body);
  if (!table) {
    const found = new Map<string, ts.Identifier>();
    const visit = (node: ts.Node): void => {
      if (isFunctionLike(node) || ts.isClassLike(node)) return;
      if (ts.isVariableDeclarationList(node) && !(node.flags & ts.NodeFlags.BlockScoped)) {
        for (const d of node.declarations) for (const id of namesOf(d.name)) if (!found.has(id.text)) found.set(id.text, id);
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(body, visit);
    tables?.set(body, found);
    table = found;
  }
  return table.get(name);
}

function inStatements(statements: readonly ts.Statement[], name: string, includeVar: boolean): ts.Identifier | undefined {
  for (const statement of statements) {
    if (ts.isVariableStatement(statement)) {
      const blockScoped = (statement.declarationList.flags & ts.NodeFlags.BlockScoped) !== 0;
      if (!blockScoped && !includeVar) continue;
      for (const d of statement.declarationList.declarations) {
        const hit = find(d.name, name);
        if (hit) return hit;
      }
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name?.text === name) {
      return statement.name;
    } else if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name?.text === name) return clause.name;
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings) && bindings.name.text === name) return bindings.name;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const spec of bindings.elements) if (spec.name.text === name) return spec.name;
      }
    } else if (ts.isImportEqualsDeclaration(statement) && statement.name.text === name) {
      return statement.name;
    }
  }
  return undefined;
}

/** The identifier that declares `name` in `scope` itself (not in scopes nested in it). */
export function declarationIn(scope: ts.Node, name: string, varTables?: VarTables): ts.Identifier | undefined {
  if (ts.isSourceFile(scope)) return inStatements(scope.statements, name, true) ?? varsIn(scope, name, varTables);
  if (ts.isBlock(scope) || ts.isModuleBlock(scope)) return inStatements(scope.statements, name, false);
  if (ts.isCaseBlock(scope)) {
    for (const clause of scope.clauses) {
      const hit = inStatements(clause.statements, name, false);
      if (hit) return hit;
    }
    return undefined;
  }
  if (isFunctionLike(scope)) {
    for (const p of scope.parameters) {
      const hit = find(p.name, name);
      if (hit) return hit;
    }
    if (ts.isFunctionExpression(scope) && scope.name?.text === name) return scope.name;
    return scope.body ? varsIn(scope.body, name, varTables) : undefined;
  }
  if ((ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && scope.initializer && ts.isVariableDeclarationList(scope.initializer)) {
    for (const d of scope.initializer.declarations) {
      const hit = find(d.name, name);
      if (hit) return hit;
    }
    return undefined;
  }
  if (ts.isCatchClause(scope) && scope.variableDeclaration) return find(scope.variableDeclaration.name, name);
  if (ts.isClassExpression(scope) && scope.name?.text === name) return scope.name;
  return undefined;
}

const SCOPE_KINDS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.SourceFile, ts.SyntaxKind.Block, ts.SyntaxKind.ModuleBlock, ts.SyntaxKind.CaseBlock,
  ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.ArrowFunction, ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor, ts.SyntaxKind.GetAccessor, ts.SyntaxKind.SetAccessor, ts.SyntaxKind.ForStatement,
  ts.SyntaxKind.ForOfStatement, ts.SyntaxKind.ForInStatement, ts.SyntaxKind.CatchClause, ts.SyntaxKind.ClassExpression,
]);

// name -> declaring identifier (or null: not declared here), per scope node; the answer per identifier
// asked (the analyses ask about the same identifiers several times); and the `var` tables of bodies.
// Scopes never change once parsed. Kept on the file (src/analysis/file-memo.ts explains why).
interface FileScopes {
  names: Map<ts.Node, Map<string, ts.Identifier | null>>;
  ids: Map<ts.Identifier, ts.Identifier | null>;
  vars: VarTables;
}
const SCOPES = Symbol("scopes");
const newScopes = (): FileScopes => ({ names: new Map(), ids: new Map(), vars: new Map() });

/** Where the identifier `id` is declared (the declaring name), or undefined for globals. */
export function findDeclaration(id: ts.Identifier): ts.Identifier | undefined {
  let root: ts.Node = id;
  while (root.parent) root = root.parent;
  const cache = ts.isSourceFile(root) ? fileMemo(root, SCOPES, newScopes) : newScopes();
  const known = cache.ids.get(id);
  if (known !== undefined) return known ?? undefined;
  const found = lookUp(id, cache);
  cache.ids.set(id, found ?? null);
  return found;
}

function lookUp(id: ts.Identifier, cache: FileScopes): ts.Identifier | undefined {
  const name = id.text;
  for (let node: ts.Node = id; node.parent; ) {
    const scope = node.parent;
    node = scope;
    if (!SCOPE_KINDS.has(scope.kind)) continue;
    let names = cache.names.get(scope);
    if (!names) cache.names.set(scope, (names = new Map()));
    let hit = names.get(name);
    if (hit === undefined) {
      hit = declarationIn(scope, name, cache.vars) ?? null;
      names.set(name, hit);
    }
    if (hit) return hit;
  }
  return undefined;
}

export function contains(outer: ts.Node, inner: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end;
}

/** True when `id` is a name that reads or writes a binding (not a property name, label, type, declaration). */
export function isReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (!parent) return false;
  const K = ts.SyntaxKind;
  // one switch on the parent's kind (it runs for every identifier the analyses look at)
  switch (parent.kind) {
    case K.PropertyAccessExpression:
    case K.PropertyAssignment:
    case K.PropertyDeclaration:
    case K.MethodDeclaration:
    case K.PropertySignature:
    case K.MethodSignature:
    case K.GetAccessor:
    case K.SetAccessor:
    case K.EnumMember:
    case K.VariableDeclaration:
    case K.Parameter:
    case K.FunctionDeclaration:
    case K.FunctionExpression:
    case K.ClassDeclaration:
    case K.ClassExpression:
      if ((parent as ts.NamedDeclaration).name === id) return false;
      break;
    case K.BindingElement:
      if ((parent as ts.BindingElement).propertyName === id || (parent as ts.BindingElement).name === id) return false;
      break;
    case K.QualifiedName:
    case K.LabeledStatement:
    case K.BreakStatement:
    case K.ContinueStatement:
    case K.ImportSpecifier:
    case K.ExportSpecifier:
    case K.ImportClause:
    case K.NamespaceImport:
    case K.JsxAttribute:
    case K.TypeParameter:
    case K.MetaProperty:
      return false;
  }
  // climb to the statement: a type on the way makes it a type reference (ts.isTypeNode / ts.isStatement by kind table)
  for (let n: ts.Node | undefined = parent; n; n = n.parent) {
    const climb = CLIMB[n.kind];
    if (climb === Climb.Type) return false;
    if (climb === Climb.Statement || (climb === Climb.Block && ts.isStatement(n))) break;
  }
  return true;
}

const enum Climb {
  Go,
  /** ts.isTypeNode, except ExpressionWithTypeArguments (`extends Base<T>` is an expression) */
  Type,
  /** ts.isStatement */
  Statement,
  /** a Block is a statement unless it is a function's or try/catch's body: ts.isStatement decides */
  Block,
}

const CLIMB = (() => {
  const table = new Uint8Array(ts.SyntaxKind.Count);
  for (let kind = 0; kind < table.length; kind++) {
    // both predicates read nothing but the kind for any kind other than Block
    const probe = { kind } as ts.Node;
    if (kind === ts.SyntaxKind.Block) table[kind] = Climb.Block;
    else if (ts.isTypeNode(probe) && kind !== ts.SyntaxKind.ExpressionWithTypeArguments) table[kind] = Climb.Type;
    else if (ts.isStatement(probe)) table[kind] = Climb.Statement;
  }
  return table;
})();

/** For a reference: is it assigned (`x = …`, `x += …`, `x++`, destructuring target, `for (x of …)`)? */
export function isWriteTarget(node: ts.Expression): boolean {
  let child: ts.Node = node;
  let parent = node.parent;
  // climb through destructuring targets: [a, b] = …, ({ a } = …), ({ k: a } = …), ...rest
  while (
    parent &&
    (ts.isArrayLiteralExpression(parent) ||
      ts.isObjectLiteralExpression(parent) ||
      ts.isShorthandPropertyAssignment(parent) ||
      (ts.isPropertyAssignment(parent) && parent.initializer === child) ||
      ts.isSpreadElement(parent) ||
      ts.isSpreadAssignment(parent) ||
      ts.isParenthesizedExpression(parent))
  ) {
    if (ts.isShorthandPropertyAssignment(parent) && parent.name !== child) return false;
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  if (ts.isBinaryExpression(parent) && parent.left === child) {
    const op = parent.operatorToken.kind;
    return op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment;
  }
  if ((ts.isForOfStatement(parent) || ts.isForInStatement(parent)) && parent.initializer === child) return true;
  if (child !== node) return false; // a literal that is not an assignment target
  if ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) && (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken)) return true;
  if (ts.isDeleteExpression(parent)) return true;
  return false;
}

/** The name a callee or constructor is called by: `f` of `f()`, `m` of `a.b.m()`; undefined for anything else. */
export function calledName(callee: ts.Expression): string | undefined {
  return ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
}

/** `a.b[c].d` -> `a` (or `this`), the binding a member chain starts from. */
export function rootOf(expression: ts.Expression): ts.Identifier | ts.ThisExpression | undefined {
  let e: ts.Expression = expression;
  for (;;) {
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = e.expression;
    else if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
    else if (ts.isCallExpression(e)) e = e.expression;
    else break;
  }
  if (ts.isIdentifier(e)) return e;
  if (e.kind === ts.SyntaxKind.ThisKeyword) return e as ts.ThisExpression;
  return undefined;
}

/** Number of member steps between the root and `expression` (`a` 0, `a.b` 1, `a.b.c` 2). */
export function memberDepth(expression: ts.Expression): number {
  let depth = 0;
  let e: ts.Expression = expression;
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e)) {
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) depth++;
    e = e.expression;
  }
  return depth;
}

/** The function (or source file) whose body `node` runs in. */
export function enclosingFunction(node: ts.Node): ts.Node {
  for (let n = node.parent; n; n = n.parent) if (isFunctionLike(n) || ts.isSourceFile(n)) return n;
  return node.getSourceFile();
}

export function isAsyncFunction(node: ts.Node): boolean {
  if (ts.isSourceFile(node)) return ts.isExternalModule(node); // top-level await in modules
  const mods = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return Boolean(mods?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword));
}

const FIRST_NODE = ts.SyntaxKind.FirstNode;

/** Calls `visit` for every node under `root` that runs as part of it (not inside nested functions, unless asked). */
export function walk(root: ts.Node, visit: (node: ts.Node) => void | "skip", options: { intoFunctions?: boolean } = {}): void {
  const intoFunctions = options.intoFunctions === true;
  const go = (node: ts.Node): void => {
    if (visit(node) === "skip") return;
    // identifiers, literals, keywords and punctuation have no children (kinds below FirstNode)
    if (node.kind < FIRST_NODE) return;
    if (!intoFunctions && node !== root && (isFunctionLike(node) || ts.isClassLike(node))) return;
    ts.forEachChild(node, go);
  };
  go(root);
}
