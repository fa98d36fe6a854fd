// What a value is, as far as the catalog is concerned: follows imports, requires, instances,
// re-assignments, destructuring, `this.<member>` and builder chains back to a library role.
import { ts } from "ts-morph";
import type { Operation } from "../findings.js";
import type { CallSpec, LibraryEntry, RoleSpec } from "./catalog.js";
import { moduleSpecifierOfRequire, skipOuter, type Origin } from "./bindings.js";
import type { FileFacts } from "./file-facts.js";
import { combineOperations } from "./operation.js";
import { callOperation } from "./call-operation.js";
import { resolveLocalFunction, singleReturn } from "../analysis/local-functions.js";
import { isAsyncFunction } from "../analysis/scope.js";

/** A value that belongs to a catalog library, in one of its roles. */
export interface Tracked {
  entry: LibraryEntry;
  /** The module it came from (decides library name and kind for multi-module entries). */
  module: string;
  /** A role name of `entry.roles`, or MODULE_ROLE for the module object itself. */
  role: string;
  /** Operation accumulated along a builder chain (knex("t").insert(…) is a write). */
  op: Operation;
}

export const MODULE_ROLE = "@module";

/** The catalog call a call expression makes: the receiver, the spec, and the chain's operation so far. */
export interface ResolvedCall {
  target: Tracked;
  spec: CallSpec;
  method?: string;
  op: Operation;
}

export interface Catalog {
  /** The entry whose `modules` match a specifier, if any. */
  entryFor(module: string): LibraryEntry | undefined;
  entryNamed(name: string): LibraryEntry | undefined;
  globals: Map<string, { entry: LibraryEntry; role: string }>;
}

/** A promise's own methods: a catalog value's `then` counts only where its role lists it (a thenable builder). */
export const PROMISE_CONTINUATIONS = new Set(["then", "catch", "finally"]);

export function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function exportRole(entry: LibraryEntry, name: string): string | undefined {
  const role = own(entry.exports, name);
  if (role) return role;
  for (const { pattern, role: r } of entry.exportPattern ?? []) if (pattern.test(name)) return r;
  return undefined;
}

/** The behaviour of a role; the module object answers for its exports and, CommonJS-style, for its default. */
export function roleSpec(value: Tracked): RoleSpec | undefined {
  if (value.role !== MODULE_ROLE) return value.entry.roles[value.role];
  const fallback = own(value.entry.exports, "default");
  return fallback ? value.entry.roles[fallback] : undefined;
}

const MAX_DEPTH = 40;

/** An evaluation under way, in the memo. */
const IN_PROGRESS = Symbol("in progress");

/** A tracked value as it crosses files and threads: the library entry by name. */
export interface PortableValue {
  entry: string;
  module: string;
  role: string;
  op: Operation;
}

export function toPortable(value: Tracked): PortableValue {
  return { entry: value.entry.name, module: value.module, role: value.role, op: value.op };
}

export function fromPortable(value: PortableValue, catalog: Catalog): Tracked | undefined {
  const entry = catalog.entryNamed(value.entry);
  return entry ? { entry, module: value.module, role: value.role, op: value.op } : undefined;
}

/** Is this specifier one of the project's own modules (relative, or a tsconfig path alias)? */
export type LocalModuleTest = (specifier: string) => boolean;

export const isRelativeSpecifier: LocalModuleTest = (specifier) => specifier.startsWith(".") || specifier.startsWith("/");

export interface EvaluatorOptions {
  /** Values the project's own modules export, by specifier as written in this file, then export name. */
  importedValues?: ReadonlyMap<string, ReadonlyMap<string, PortableValue>>;
  isLocalModule?: LocalModuleTest;
}

export class ValueEvaluator {
  private readonly memo = new Map<ts.Node, Tracked | null | typeof IN_PROGRESS>();
  /** How many evaluations are under way (nested). */
  private inProgress = 0;
  /** Imports of local modules ("specifier\0name") this analysis needed and was not told about. */
  readonly unresolvedLocalImports = new Set<string>();

  constructor(
    private readonly facts: FileFacts,
    private readonly catalog: Catalog,
    private readonly options: EvaluatorOptions = {},
  ) {}

  /** The tracked value of an expression, or undefined when it is not a catalog value. */
  evaluate(node: ts.Expression, depth = 0): Tracked | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const cached = this.memo.get(node);
    // IN_PROGRESS: a cycle (`a = a.b`) ends here
    if (cached !== undefined) return cached === IN_PROGRESS ? undefined : (cached ?? undefined);
    // marked in the memo itself rather than in a set: adding to and deleting from a set for every
    // node evaluated made a good part of the detector's garbage
    this.memo.set(node, IN_PROGRESS);
    this.inProgress++;
    const result = this.compute(node, depth);
    this.inProgress--;
    this.memo.set(node, result ?? null);
    return result;
  }

  private compute(node: ts.Expression, depth: number): Tracked | undefined {
    const e = skipOuter(node);
    if (e !== node) return this.evaluate(e, depth + 1);
    if (ts.isIdentifier(e)) return this.identifier(e, depth);
    if (ts.isAwaitExpression(e)) return this.awaited(e.expression, depth);
    if (ts.isPropertyAccessExpression(e)) return this.member(e.expression, e.name.text, depth);
    if (ts.isElementAccessExpression(e)) {
      const arg = e.argumentExpression;
      if (ts.isStringLiteralLike(arg)) return this.member(e.expression, arg.text, depth);
      return this.elementOf(e.expression, depth) ?? this.member(e.expression, undefined, depth);
    }
    if (ts.isCallExpression(e)) {
      const module = moduleSpecifierOfRequire(e);
      // A project module's require() is its module.exports, which the exports summary calls "default".
      if (module !== undefined) return this.moduleValue(module, this.isLocal(module) ? "default" : "*");
      return this.callResult(e, depth) ?? this.fromLocalFunction(e, depth) ?? this.fromFactoryCallback(e, depth) ?? this.settledClient(e, depth);
    }
    // sql`…` of Kysely: a raw query its `.execute(db)` sends
    if (ts.isTaggedTemplateExpression(e)) return this.callResult(e, depth);
    if (ts.isNewExpression(e)) {
      const ctor = this.evaluate(e.expression, depth + 1);
      const construct = ctor && roleSpec(ctor)?.construct;
      return ctor && construct ? { ...ctor, role: construct, op: "unknown" } : undefined;
    }
    if (ts.isConditionalExpression(e)) return this.evaluate(e.whenTrue, depth + 1) ?? this.evaluate(e.whenFalse, depth + 1);
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.AmpersandAmpersandToken) {
        return this.evaluate(e.right, depth + 1) ?? this.evaluate(e.left, depth + 1);
      }
      if (op === ts.SyntaxKind.EqualsToken) return this.evaluate(e.right, depth + 1);
      return undefined;
    }
    if (ts.isClassExpression(e)) return this.classValue(e, depth);
    return undefined;
  }

  /** Awaiting a query builder gives its rows (or a document the catalog knows), not the builder. */
  private awaited(operand: ts.Expression, depth: number): Tracked | undefined {
    const value = this.evaluate(operand, depth + 1);
    const spec = value && roleSpec(value);
    if (spec?.awaited) return { ...value!, role: spec.awaited, op: "unknown" };
    return spec?.defaultOp !== undefined ? undefined : value;
  }

  moduleValue(module: string, name: string): Tracked | undefined {
    // a project path the catalog claims (Prisma's generated client, `../generated/prisma`): when the run has not
    // scanned it (it is generated and ignored), the catalog says what it exports
    const local = this.isLocal(module) ? this.localImport(module, name) : undefined;
    if (local) return local;
    const entry = this.catalog.entryFor(module);
    if (!entry) return undefined;
    if (name === "*") return { entry, module, role: MODULE_ROLE, op: "unknown" };
    const role = exportRole(entry, name);
    if (role) return { entry, module, role, op: "unknown" };
    // `import pg from "pg"` of a CommonJS module is its module object.
    return name === "default" ? { entry, module, role: MODULE_ROLE, op: "unknown" } : undefined;
  }

  /** Is `module` one of the project's own (relative, a path alias, a workspace package)? */
  isLocalModule(module: string): boolean {
    return this.isLocal(module);
  }

  private isLocal(module: string): boolean {
    return (this.options.isLocalModule ?? isRelativeSpecifier)(module);
  }

  private localImport(module: string, name: string): Tracked | undefined {
    const exported = this.options.importedValues?.get(module);
    if (!exported) {
      this.unresolvedLocalImports.add(`${module}\0${name}`);
      return undefined;
    }
    const value = exported.get(name);
    if (!value) this.unresolvedLocalImports.add(`${module}\0${name}`);
    return value ? fromPortable(value, this.catalog) : undefined;
  }

  private identifier(id: ts.Identifier, depth: number): Tracked | undefined {
    const origins = this.lookup(id);
    if (origins === undefined) {
      const global = this.catalog.globals.get(id.text);
      return global ? { entry: global.entry, module: global.entry.name, role: global.role, op: "unknown" } : undefined;
    }
    return this.fromOrigins(origins, depth);
  }

  private fromOrigins(origins: readonly Origin[], depth: number): Tracked | undefined {
    for (const origin of origins) {
      const value = this.fromOrigin(origin, depth);
      if (value) return value;
    }
    return undefined;
  }

  private fromOrigin(origin: Origin, depth: number): Tracked | undefined {
    switch (origin.t) {
      case "import":
        return this.moduleValue(origin.module, origin.name);
      case "expr":
        return this.evaluate(origin.expr, depth + 1);
      case "property": {
        // const { User } = require("../models"): the named export of a project module.
        const local = moduleSpecifierOfRequire(origin.expr);
        const [first, ...rest] = origin.path;
        let value =
          local !== undefined && this.isLocal(local) && first !== undefined
            ? this.localImport(local, first)
            : this.evaluate(origin.expr, depth + 1);
        for (const key of local !== undefined && this.isLocal(local) ? rest : origin.path) value = value && this.memberOf(value, key);
        return value;
      }
      case "typed":
        return this.typeValue(origin.type, depth);
      case "typeAlias":
        return this.typeClass(origin.type, depth);
      case "class":
        return this.classValue(origin.node, depth);
      case "callbackParam": {
        const call = origin.fn.parent;
        if (origin.index !== 0 || !ts.isCallExpression(call)) return undefined;
        const resolved = this.resolveCall(call, depth + 1);
        const role = resolved?.spec.callbackParam;
        return role ? { ...resolved.target, role, op: "unknown" } : undefined;
      }
      case "element":
        return this.elementOf(origin.expr, depth);
      case "opaque":
        return undefined;
    }
  }

  /** An item of a list the catalog knows (`rows[i]`, `for (const row of rows)`). */
  private elementOf(list: ts.Expression, depth: number): Tracked | undefined {
    const value = this.evaluate(list, depth + 1);
    const element = value && roleSpec(value)?.elements;
    return element ? { ...value!, role: element, op: "unknown" } : undefined;
  }

  /** A declared type names a catalog class: the value is an instance of it. */
  private typeValue(type: ts.TypeNode, depth: number): Tracked | undefined {
    const cls = this.typeClass(type, depth);
    const spec = cls && roleSpec(cls);
    const instance = spec?.instance ?? spec?.construct;
    return cls && instance ? { ...cls, role: instance, op: "unknown" } : undefined;
  }

  /**
   * The catalog class a type names, through aliases (`type Db = Knex | Knex.Transaction`, here or
   * imported); of a union, the first member that names one.
   */
  typeClass(type: ts.TypeNode, depth = 0): Tracked | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (ts.isParenthesizedTypeNode(type)) return this.typeClass(type.type, depth + 1);
    if (ts.isUnionTypeNode(type)) {
      for (const member of type.types) {
        const cls = this.typeClass(member, depth + 1);
        if (cls) return cls;
      }
      return undefined;
    }
    if (!ts.isTypeReferenceNode(type)) return undefined;
    const name = type.typeName;
    let cls: Tracked | undefined;
    if (ts.isIdentifier(name)) cls = this.identifier(name, depth + 1);
    else {
      const left = ts.isIdentifier(name.left) ? this.identifier(name.left, depth + 1) : undefined;
      cls = left && this.memberOf(left, name.right.text);
    }
    const spec = cls && roleSpec(cls);
    return spec?.instance || spec?.construct ? cls : undefined;
  }

  /** `class Db extends PrismaClient` is, for our purposes, PrismaClient. */
  private classValue(node: ts.ClassLikeDeclaration, depth: number): Tracked | undefined {
    for (const clause of node.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
      for (const type of clause.types) {
        const base = this.evaluate(type.expression, depth + 1);
        if (base) return base;
      }
    }
    return undefined;
  }

  private member(object: ts.Expression, name: string | undefined, depth: number): Tracked | undefined {
    if (object.kind === ts.SyntaxKind.ThisKeyword && name !== undefined) return this.thisMember(object, name, depth);
    const base = this.evaluate(object, depth + 1);
    if (!base) return name === undefined ? undefined : this.propertyOfLocalModule(object, name);
    return name === undefined ? this.anyMemberOf(base) : this.memberOf(base, name);
  }

  /**
   * `db.pool` of `const db = require("./db")` (`module.exports = { pool }`), `prisma.client` of `import prisma from
   * "./lib/prisma"` (`export default { client }`): a property of the object a project module exports, which its
   * summary lists by name (src/detect/exports-summary.ts).
   */
  private propertyOfLocalModule(object: ts.Expression, name: string): Tracked | undefined {
    const e = skipOuter(object);
    if (!ts.isIdentifier(e)) return undefined;
    for (const origin of this.lookup(e) ?? []) {
      const module = origin.t === "import" && (origin.name === "default" || origin.name === "*") ? origin.module : origin.t === "expr" ? moduleSpecifierOfRequire(origin.expr) : undefined;
      if (module !== undefined && this.isLocal(module)) return this.localImport(module, name);
    }
    return undefined;
  }

  memberOf(value: Tracked, name: string): Tracked | undefined {
    if (value.role === MODULE_ROLE) {
      const role = exportRole(value.entry, name);
      if (role) return { ...value, role };
    }
    const spec = roleSpec(value);
    const named = own(spec?.props, name);
    if (named) return { ...value, role: named };
    if (!spec?.anyProp) return undefined;
    // aws-sdk v2: AWS.DynamoDB is a service of its own, named by the property.
    return { ...value, role: spec.anyProp, module: spec.propNamesModule ? `${value.module}/${name}` : value.module };
  }

  private anyMemberOf(value: Tracked): Tracked | undefined {
    const role = roleSpec(value)?.anyProp;
    return role ? { ...value, role } : undefined;
  }

  private thisMember(thisNode: ts.Node, name: string, depth: number): Tracked | undefined {
    let current: ts.Node | undefined = thisNode.parent;
    while (current && !ts.isClassLike(current)) {
      if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)) return undefined;
      current = current.parent;
    }
    const origins = current && this.facts.classMembers.get(current)?.get(name);
    return origins ? this.fromOrigins(origins, depth) : undefined;
  }

  /** Scope lookup from the identifier outwards; undefined when the name is not declared in the file. */
  lookup(id: ts.Identifier): readonly Origin[] | undefined {
    let current: ts.Node | undefined = id.parent;
    while (current) {
      const table = this.facts.scopes.get(current);
      const origins = table?.get(id.text);
      if (origins) {
        const reassigned = this.reassignments(current, id.text);
        return reassigned.length ? [...origins, ...reassigned] : origins;
      }
      current = current.parent;
    }
    return undefined;
  }

  private reassignmentIndex?: Map<string, ts.BinaryExpression[]>;

  /** `let client; … client = new OpenAI();` */
  private reassignments(scope: ts.Node, name: string): Origin[] {
    if (!this.reassignmentIndex) {
      this.reassignmentIndex = new Map();
      for (const assignment of this.facts.assignments) {
        const target = (assignment.left as ts.Identifier).text;
        const list = this.reassignmentIndex.get(target);
        if (list) list.push(assignment);
        else this.reassignmentIndex.set(target, [assignment]);
      }
    }
    const found: Origin[] = [];
    for (const assignment of this.reassignmentIndex.get(name) ?? []) {
      // Only assignments that resolve to this same declaration.
      let current: ts.Node | undefined = assignment.parent;
      while (current && !this.facts.scopes.get(current)?.has(name)) current = current.parent;
      if (current === scope) found.push({ t: "expr", expr: assignment.right });
    }
    return found;
  }

  /**
   * `this.activeUsers()` of a method whose single return is `this.db(TABLE).where(…)`: that builder, unsent, so
   * `this.activeUsers().where(…).update(…)` is a write. Only a builder: a helper handing back a client or an
   * already-sent query (an async helper) is not followed.
   */
  private builderFromHelper(helper: ts.Node, depth: number): Tracked | undefined {
    if (isAsyncFunction(helper)) return undefined;
    const returned = singleReturn(helper);
    const value = returned && this.evaluate(returned, depth + 1);
    // a knex builder (sent when awaited) or a Kysely one (sent by execute()), not a client
    return value && (roleSpec(value)?.defaultOp !== undefined || value.role === "builder") ? value : undefined;
  }

  /**
   * `createDatabaseInstance(config): Sequelize`, `async function getDb(): Promise<Knex>`: a function of the file
   * whose declared return type is a catalog class gives an instance of it (the body may build it any way).
   */
  private typedFactoryResult(fn: ts.SignatureDeclaration, depth: number): Tracked | undefined {
    let type = fn.type;
    if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === "Promise" && type.typeArguments?.length === 1) type = type.typeArguments[0];
    return type && this.typeValue(type, depth + 1);
  }

  /** A call of a function of this file: the builder it starts, the client its declared return type names, or what it returns. */
  private fromLocalFunction(call: ts.CallExpression, depth: number): Tracked | undefined {
    const fn = resolveLocalFunction(skipOuter(call.expression));
    return fn && (this.builderFromHelper(fn, depth) ?? this.typedFactoryResult(fn as ts.SignatureDeclaration, depth) ?? this.returnedValue(fn, depth) ?? this.returnedClient(fn, depth));
  }

  /**
   * `function getClient() { const c = new PrismaClient(…); c.$on(…); return c; }`, `async function getRedis() { if
   * (!client) { client = createClient(); await client.connect(); } return client; }`, `getClient(tenant) { return
   * clients.get(tenant) ?? db; }`: a function of the file that hands back a client, made there or held by the
   * module (the first of its returns that is one; awaiting an async one gives the client). A parameter passed
   * through is followed only as far as its declared type names a client.
   */
  private returnedClient(fn: ts.Node, depth: number): Tracked | undefined {
    if (!ts.isFunctionLike(fn)) return undefined;
    for (const returned of returnedExpressions(fn as { body?: ts.Node })) {
      const value = this.evaluate(returned, depth + 1);
      const spec = value && roleSpec(value);
      if (value && spec && spec.defaultOp === undefined && (spec.methods || spec.anyProp || spec.anyMethod)) return value;
    }
    return undefined;
  }

  /**
   * `async function getUserById(id) { return User.findById(id); }`: its caller's `user.save()` is a write. What the
   * helper's single return is, when it is a call: a query it sends is taken as what awaiting it gives (a document),
   * never as an unsent builder, since the helper's own call site already reports the query. A helper that hands
   * back a client it holds (`return this.db`) is not followed.
   */
  private returnedValue(fn: ts.Node, depth: number): Tracked | undefined {
    const returned = singleReturn(fn);
    const shape = returned && skipOuter(returned);
    if (!shape || !(ts.isCallExpression(shape) || ts.isAwaitExpression(shape))) return undefined;
    const value = this.evaluate(shape, depth + 1);
    const spec = value && roleSpec(value);
    if (!value || spec?.defaultOp === undefined) return value;
    return spec.awaited ? { ...value, role: spec.awaited, op: "unknown" } : undefined;
  }

  /**
   * `remember("prisma", () => new PrismaClient())`, `once(() => …)`: a lazy singleton helper hands back what the
   * factory it is given returns. Only a factory without parameters (a route handler or a callback takes some), and
   * only what one of its returns is (the first that is a catalog value: `if (!replicas) return prisma; …`).
   */
  private fromFactoryCallback(call: ts.CallExpression, depth: number): Tracked | undefined {
    for (const arg of call.arguments) {
      if (!(ts.isArrowFunction(arg) || ts.isFunctionExpression(arg)) || arg.parameters.length > 0) continue;
      for (const returned of returnedExpressions(arg)) {
        const value = this.evaluate(returned, depth + 1);
        if (value) return value;
      }
    }
    return undefined;
  }

  /**
   * `connecting.catch(reset)`, `.finally(…)`: the promise of a client stays one (`client.connect().then(() => client)
   * .catch(…)` is how a lazy getter keeps its client). Not a builder: its `.catch` sends it, reported there.
   */
  private settledClient(call: ts.CallExpression, depth: number): Tracked | undefined {
    const callee = skipOuter(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || (callee.name.text !== "catch" && callee.name.text !== "finally")) return undefined;
    const value = this.evaluate(callee.expression, depth + 1);
    return value && roleSpec(value)?.defaultOp === undefined ? value : undefined;
  }

  private callResult(call: ts.CallExpression | ts.TaggedTemplateExpression, depth: number): Tracked | undefined {
    const resolved = this.resolveCall(call, depth);
    if (!resolved?.spec.returns) return undefined;
    return { ...resolved.target, role: resolved.spec.returns, op: resolved.op };
  }

  private chainOp(before: Operation, spec: CallSpec, call: ts.CallExpression | ts.TaggedTemplateExpression, method: string | undefined): Operation {
    return combineOperations(before, callOperation(spec.op, call, method, this));
  }

  /** The catalog call a call expression makes: the receiver, the spec, and the chain's operation so far. */
  resolveCall(call: ts.CallExpression | ts.TaggedTemplateExpression, depth = 0): ResolvedCall | undefined {
    // Asked twice for most calls of a chain (for itself, then whether it continues the chain): remembered.
    // Only from the top (depth 0, nothing in progress), whose answer does not depend on what a caller was evaluating.
    if (depth !== 0 || this.inProgress !== 0) return this.resolveCallAt(call, depth);
    const known = this.resolvedCalls.get(call);
    if (known !== undefined) return known ?? undefined;
    const resolved = this.resolveCallAt(call, 0);
    this.resolvedCalls.set(call, resolved ?? null);
    return resolved;
  }

  private readonly resolvedCalls = new Map<ts.Node, ResolvedCall | null>();

  private resolveCallAt(call: ts.CallExpression | ts.TaggedTemplateExpression, depth: number): ResolvedCall | undefined {
    const callee = skipOuter(ts.isCallExpression(call) ? call.expression : call.tag);
    if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
      const name = ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : ts.isStringLiteralLike(callee.argumentExpression)
          ? callee.argumentExpression.text
          : undefined;
      const receiver =
        callee.expression.kind === ts.SyntaxKind.ThisKeyword && name !== undefined
          ? undefined
          : this.evaluate(callee.expression, depth + 1);
      if (receiver && name !== undefined) {
        const spec = roleSpec(receiver);
        // `.then`/`.catch`/`.finally` of a client are a promise's (`connect().then(() => client).catch(…)`), not commands
        const anyMethod = PROMISE_CONTINUATIONS.has(name) || (spec?.anyMethodNames && !spec.anyMethodNames.test(name)) ? undefined : spec?.anyMethod;
        const method = own(spec?.methods, name) ?? anyMethod;
        if (method) return { target: receiver, spec: method, method: name, op: this.chainOp(receiver.op, method, call, name) };
        // A callable export reached through the module object or a namespace: ns.request(…)
        const member = this.memberOf(receiver, name);
        const callSpec = member && roleSpec(member)?.call;
        if (member && callSpec) return { target: member, spec: callSpec, method: name, op: this.chainOp(receiver.op, callSpec, call, name) };
        return undefined;
      }
    }
    const fn = this.evaluate(callee, depth + 1);
    const callSpec = fn && roleSpec(fn)?.call;
    return fn && callSpec ? { target: fn, spec: callSpec, op: this.chainOp(fn.op, callSpec, call, undefined) } : undefined;
  }
}


/** What a function returns: its expression body, or the expressions of its own `return`s (not nested functions'). */
function returnedExpressions(fn: { body?: ts.Node }): ts.Expression[] {
  if (!fn.body) return [];
  if (!ts.isBlock(fn.body)) return [fn.body as ts.Expression];
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) found.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return found;
}
