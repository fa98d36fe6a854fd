// Follows `import { f } from "./x"` to the function the file `./x` exports, so that the loop analysis can
// see what a helper in another file of the project does: relative imports, and with `resolveModule` the
// project's path aliases and workspace packages (src/scan/local-modules.ts). Parsed files are cached, a bounded
// number at a time.
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { LRUCache } from "lru-cache";
import type { ts } from "ts-morph";
import { parseSource } from "../scan/parse.js";
import { folderListings } from "../fs/folder-listings.js";
import { detectFile } from "../detect/detect-file.js";
import type { Catalog } from "../detect/evaluate.js";
import { exportedFunction, type EffectOptions, type ImportedFunction } from "./effects.js";
import { classifierFor, type CallClassifier } from "./external-calls.js";

const EXTENSIONS = ["", ".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", "/index.ts", "/index.tsx", "/index.js", "/index.mjs"];
const JS_TO_TS: Record<string, string[]> = { ".js": [".ts", ".tsx"], ".mjs": [".mts"], ".cjs": [".cts"], ".jsx": [".tsx"] };

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const isDotRelative = (specifier: string): boolean => specifier.startsWith("./") || specifier.startsWith("../");

/**
 * The file `specifier` names from `fromFile`. `exists` answers whether a path is a file (default: a stat; the
 * resolver passes one that lists each folder once, where most candidates are no file at all).
 */
export function resolveRelative(fromFile: string, specifier: string, exists: (path: string) => boolean = isFile): string | undefined {
  if (!isDotRelative(specifier)) return undefined;
  const base = resolve(dirname(fromFile), specifier);
  for (const ext of EXTENSIONS) if (exists(base + ext)) return base + ext;
  // TypeScript ESM writes "./x.js" for ./x.ts
  for (const [js, tsExts] of Object.entries(JS_TO_TS)) {
    if (!base.endsWith(js)) continue;
    for (const t of tsExts) if (exists(base.slice(0, -js.length) + t)) return base.slice(0, -js.length) + t;
  }
  return undefined;
}

interface ParsedModule {
  sourceFile: ts.SourceFile;
  classify: CallClassifier;
}

export type ImportResolverFactory = (fromFile: string) => EffectOptions["resolveImport"];

/** One resolver per run: `forFile(path)` gives the resolveImport option for code in that file. */
export function createImportResolver(catalog: Catalog, maxFiles = 200, resolveModule?: (fromFile: string, specifier: string) => string | undefined): ImportResolverFactory {
  const parsed = new LRUCache<string, ParsedModule | false>({ max: maxFiles });
  const load = (file: string): ParsedModule | undefined => {
    const hit = parsed.get(file);
    if (hit !== undefined) return hit || undefined;
    let module: ParsedModule | false = false;
    try {
      const text = readFileSync(file, "utf8");
      const { sourceFile } = parseSource(file, text, true);
      const detection = detectFile(sourceFile, { fileLabel: file, catalog, verdicts: false });
      module = { sourceFile, classify: classifierFor(detection.externalCalls) };
    } catch {
      module = false;
    }
    parsed.set(file, module);
    return module || undefined;
  };
  // one resolver per file, so that what was found through it can be remembered by it (src/analysis/effects.ts follow)
  const resolvers = new Map<string, NonNullable<EffectOptions["resolveImport"]>>();
  const forFile: ImportResolverFactory = (fromFile) => {
    let resolver = resolvers.get(fromFile);
    if (!resolver) resolvers.set(fromFile, (resolver = resolverFor(fromFile)));
    return resolver;
  };
  // the file a relative specifier names, by folder: each call of an imported function asks again
  const relativeTargets = new Map<string, string | undefined>();
  const listed = folderListings();
  const exists = (path: string) => listed(path) && isFile(path);
  const relativeTarget = (fromFile: string, specifier: string): string | undefined => {
    const key = `${dirname(fromFile)}\0${specifier}`;
    if (relativeTargets.has(key)) return relativeTargets.get(key);
    const target = resolveRelative(fromFile, specifier, exists);
    relativeTargets.set(key, target);
    return target;
  };
  const resolverFor = (fromFile: string): NonNullable<EffectOptions["resolveImport"]> => (specifier, exportName) => {
    // a relative specifier resolveRelative could not find is not looked for again on disk
    const target = isDotRelative(specifier) ? relativeTarget(fromFile, specifier) : resolveModule?.(fromFile, specifier);
    const module = target && load(target);
    if (!module) return undefined;
    const fn = exportedFunction(module.sourceFile, exportName);
    const found: ImportedFunction | undefined = fn ? { fn, classifyCall: module.classify, resolveImport: forFile(target) } : undefined;
    return found;
  };
  return forFile;
}
