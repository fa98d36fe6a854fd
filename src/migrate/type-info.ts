// Type answers for the few verdicts that need them (is the receiver of `forEach` an array?), from the
// repository's own tsconfig.json: the one nearest above each file (a monorepo package's), else the scanned
// directory's. Nothing is loaded until a verdict asks, and then one Project per tsconfig serves the whole run;
// without a tsconfig there are no type answers and the verdict stays syntactic.
import { Project, ts, type ResolutionHostFactory } from "ts-morph";
import { dirname } from "node:path";
import { configForFile } from "../scan/local-modules.js";

export type ArrayTest = (expression: ts.Expression) => boolean | undefined;
/** Type questions about one file as read. */
export interface TypeAnswers {
  isArray: ArrayTest;
  /** false when the type is known and has no `then` (so an async callback can return the value as it is). */
  mayBeThenable: (expression: ts.Expression) => boolean | undefined;
  /**
   * Why values of this node's type are not plain data (a function, an AbortSignal, a request, a stream, an
   * instance of a class with methods); null when the type is known and is data; undefined when unknown.
   * For a function's name node: about what it returns (awaited).
   */
  nonData?: (node: ts.Node) => string | null | undefined;
}
/**
 * `toOriginal` maps the offset of a character of the text asked about to the file as read (undefined: inside
 * code a rewrite added), when earlier codemods have changed the text.
 */
export type TypeInfoFactory = (file: string, toOriginal?: (offset: number) => number | undefined) => TypeAnswers;

function nodeAt(root: ts.Node, start: number, end: number, kind: ts.SyntaxKind): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (found || n.pos > start || n.end < end) return;
    if (n.kind === kind && n.getStart() === start && n.end === end) {
      found = n;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(root);
  return found;
}

/** Files that may be asked about per run: each one added rebuilds the program, so the cost stays bounded (past it, the syntax decides). */
const MAX_TYPED_FILES = 50;

/**
 * Module resolution remembered across the program's rebuilds: each file added rebuilds it, and TypeScript could not
 * reuse the last one's, so every import of every file was resolved again (twenty: 29 s of a 67 s run).
 */
function sharedResolution(tsconfig: string): ResolutionHostFactory {
  return (host, getOptions) => {
    const canonical = (file: string) => (ts.sys.useCaseSensitiveFileNames ? file : file.toLowerCase());
    const cache = ts.createModuleResolutionCache(dirname(tsconfig), canonical, getOptions());
    return {
      resolveModuleNames: (names, containingFile, _reused, redirected, options) =>
        names.map((name) => ts.resolveModuleName(name, containingFile, options, host, cache, redirected).resolvedModule),
    };
  };
}

export function createTypeInfo(root: string): TypeInfoFactory {
  // each file is typed by the tsconfig that governs it: a monorepo's packages each have their own
  const configs = new Map<string, string | undefined>();
  const configOf = (file: string): string | undefined => {
    const dir = dirname(file);
    if (!configs.has(dir)) configs.set(dir, configForFile(file, root));
    return configs.get(dir);
  };
  const projects = new Map<string, Project | null>(); // null: a tsconfig the compiler cannot use
  let typedFiles = 0;
  const typeOf = (file: string, expression: ts.Node, toOriginal: (offset: number) => number | undefined): { checker: ts.TypeChecker; type: ts.Type } | undefined => {
    const tsconfig = configOf(file);
    if (!tsconfig) return undefined;
    const start = toOriginal(expression.getStart());
    // the node's last character: an insertion right after the node does not move its end
    const last = toOriginal(expression.end - 1);
    if (start === undefined || last === undefined) return undefined;
    const end = last + 1;
    let project = projects.get(tsconfig);
    if (project === null) return undefined;
    try {
      if (!project) projects.set(tsconfig, (project = new Project({ tsConfigFilePath: tsconfig, skipAddingFilesFromTsConfig: true, resolutionHost: sharedResolution(tsconfig) })));
      let sf = project.getSourceFile(file);
      if (!sf) {
        if (typedFiles >= MAX_TYPED_FILES) return undefined;
        typedFiles++;
        sf = project.addSourceFileAtPathIfExists(file);
      }
      if (!sf) return undefined;
      // the question is asked about the text as read, so positions are the same in this copy
      const node = nodeAt(sf.compilerNode, start, end, expression.kind);
      if (!node) return undefined;
      const checker = project.getTypeChecker().compilerObject;
      return { checker, type: checker.getTypeAtLocation(node) };
    } catch {
      projects.set(tsconfig, null); // fall back to the syntax
      return undefined;
    }
  };
  return (file, toOriginal = (offset) => offset) => ({
    isArray(expression) {
      const found = typeOf(file, expression, toOriginal);
      if (!found) return undefined;
      const { checker, type } = found;
      const isArray = (t: ts.Type): boolean => checker.isArrayType(t) || checker.isTupleType(t);
      return isArray(type) || (type.isUnion() && type.types.every(isArray));
    },
    nonData(node) {
      const found = typeOf(file, node, toOriginal);
      if (!found) return undefined;
      const { checker } = found;
      let type = found.type;
      const fn = node.parent;
      if (fn && (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name === node) {
        const signature = type.getCallSignatures()[0];
        if (!signature) return undefined;
        type = checker.getAwaitedType(checker.getReturnTypeOfSignature(signature)) ?? checker.getReturnTypeOfSignature(signature);
      }
      return nonDataType(checker, type);
    },
    mayBeThenable(expression) {
      const found = typeOf(file, expression, toOriginal);
      if (!found) return undefined;
      const { checker, type } = found;
      const parts = type.isUnion() ? type.types : [type];
      const unknownish = ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter | ts.TypeFlags.NonPrimitive;
      return parts.some((t) => (t.flags & unknownish) !== 0 || checker.getPropertyOfType(t, "then") !== undefined);
    },
  });
}

const NON_DATA_NAMES = new Set(["AbortSignal", "AbortController", "Request", "Response", "IncomingMessage", "ServerResponse", "ReadableStream", "WritableStream", "Readable", "Writable", "Duplex", "Stream", "EventEmitter", "Socket", "Blob", "WebSocket", "Observable"]);

/**
 * Classes whose instances the runtime takes both as a key and as a cached value (plain data's built-ins and the
 * value objects of src/runtime/value-objects.ts); URL and URLSearchParams are keys only.
 */
const RUNTIME_DATA_CLASSES = new Set([
  "Date", "Map", "Set", "Array", "RegExp", "Buffer", "ArrayBuffer", "DataView", "Uint8Array", "Uint8ClampedArray", "Uint16Array",
  "Uint32Array", "Int8Array", "Int16Array", "Int32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array", "String", "Number", "Boolean",
  "ObjectId", "Decimal128", "Decimal",
]);

/** Why a type is not plain data, null when it is, undefined when the checker cannot tell (any, unknown, type parameters). */
function nonDataType(checker: ts.TypeChecker, type: ts.Type, depth = 0): string | null | undefined {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter)) return undefined;
  if (type.isUnion()) {
    let unknown = false;
    for (const part of type.types) {
      const why = nonDataType(checker, part, depth);
      if (why) return why;
      if (why === undefined) unknown = true;
    }
    return unknown ? undefined : null;
  }
  if (type.getCallSignatures().length > 0) return "a function";
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  const name = symbol?.getName();
  if (name && NON_DATA_NAMES.has(name)) return `a \`${name}\``;
  if (symbol && symbol.flags & ts.SymbolFlags.Class && !RUNTIME_DATA_CLASSES.has(name ?? "")) {
    const methods = checker.getPropertiesOfType(type).filter((p) => p.flags & ts.SymbolFlags.Method);
    if (methods.length) return `an instance of the class \`${name}\` (it has methods)`;
    // the runtime takes no class instance as a key or a cached value (src/runtime/cached-value.ts): a command or DTO
    // made with `new`/`plainToInstance` would run uncached on every call
    return `an instance of the class \`${name}\` (the cache keeps plain data only, so such calls would run uncached)`;
  }
  if (checker.isArrayType(type) && depth < 2) return nonDataType(checker, checker.getTypeArguments(type as ts.TypeReference)[0]!, depth + 1);
  return null;
}
