// Whether the packages migrate rewrites files in declare the package their new imports come from: code that
// imports `optimigrate/runtime` from a package whose package.json does not list `optimigrate` type-checks on
// a developer's machine where it happens to be hoisted, and fails at install or deploy time.
import { existsSync, readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import type { Edit } from "./codemod.js";

export interface UndeclaredDependency {
  /** The package the rewritten code imports (`optimigrate` for `optimigrate/runtime`). */
  package: string;
  /** What the rewritten code imports from it. */
  specifier: string;
  /** The package.json that should list it, relative to the root; absent when no package.json is above the files. */
  manifest?: string;
  /** Where that package.json lists it instead, if anywhere. */
  listedIn?: "devDependencies";
  /** The rewritten files that import it, relative to the root. */
  files: string[];
}

/** Module specifiers the rewrite's added imports (`import { cached } from "…"`, `require("…")`) name. */
export function addedSpecifiers(edits: readonly Edit[]): Set<string> {
  const specifiers = new Set<string>();
  for (const e of edits) {
    if (e.before !== "") continue;
    for (const m of e.after.matchAll(/(?:\bfrom\s*|\brequire\s*\(\s*)(["'])((?:\\.|(?!\1).)*)\1/g)) specifiers.add(m[2]!.replace(/\\(.)/g, "$1"));
  }
  return specifiers;
}

/** The package a bare specifier belongs to: `optimigrate/runtime` → `optimigrate`, `@acme/cache/x` → `@acme/cache`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/**
 * A specifier npm resolves from node_modules: not a path, not a Node built-in (`node:fs`, `fs`), not an alias like
 * `#cache`, and not one of the project's own tsconfig path aliases (`@app/cache`, `src/lib/cache`).
 */
function isBarePackage(specifier: string, aliases: readonly string[]): boolean {
  if (!/^(@[\w.-]+\/)?[\w.-]+(\/|$)/.test(specifier) || specifier.startsWith(".") || specifier.startsWith("node:") || isBuiltin(specifier)) return false;
  return !aliases.some((alias) => (alias.endsWith("*") ? specifier.startsWith(alias.slice(0, -1)) : specifier === alias));
}

/** The `compilerOptions.paths` keys of the tsconfig.json nearest above a file (a monorepo package's own, or the root's). */
function tsconfigAliases(dir: string, root: string): string[] {
  for (let d = dir; ; d = dirname(d)) {
    const file = join(d, "tsconfig.json");
    if (existsSync(file)) {
      try {
        // comments and trailing commas are common in tsconfig.json; what cannot be read names no alias
        const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|(^|[^:"])\/\/.*$/gm, "$1").replace(/,(\s*[}\]])/g, "$1");
        const paths = (JSON.parse(text) as { compilerOptions?: { paths?: Record<string, unknown> } }).compilerOptions?.paths;
        return paths ? Object.keys(paths) : [];
      } catch {
        return [];
      }
    }
    if (d === root || dirname(d) === d) return [];
  }
}

interface Manifest {
  path: string;
  name?: string;
  runtime: Set<string>;
  dev: Set<string>;
}

const DEPENDENCY_FIELDS = ["dependencies", "peerDependencies", "optionalDependencies"];

function readManifest(file: string): Manifest | undefined {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!json || typeof json !== "object") return undefined;
  const keysOf = (field: string) => Object.keys((json[field] && typeof json[field] === "object" ? json[field] : {}) as object);
  // a package.json that only sets `"type": "module"` for its folder is not where dependencies go
  if (typeof json.name !== "string" && ![...DEPENDENCY_FIELDS, "devDependencies"].some((f) => f in json)) return undefined;
  return { path: file, name: typeof json.name === "string" ? json.name : undefined, runtime: new Set(DEPENDENCY_FIELDS.flatMap(keysOf)), dev: new Set(keysOf("devDependencies")) };
}

/**
 * The packages the rewritten files import that their nearest package.json does not list as a dependency, one
 * entry per package.json (or per package, when no package.json is above the files).
 */
export function undeclaredDependencies(root: string, changes: readonly { file: string; path: string; edits: readonly Edit[] }[]): UndeclaredDependency[] {
  const manifestOfDir = new Map<string, Manifest | undefined>();
  const nearest = (dir: string): Manifest | undefined => {
    if (manifestOfDir.has(dir)) return manifestOfDir.get(dir);
    const parent = dirname(dir);
    const found = readManifest(join(dir, "package.json")) ?? (parent === dir ? undefined : nearest(parent));
    manifestOfDir.set(dir, found);
    return found;
  };
  const missing = new Map<string, UndeclaredDependency>();
  for (const change of changes) {
    for (const specifier of addedSpecifiers(change.edits)) {
      if (!isBarePackage(specifier, tsconfigAliases(dirname(change.file), root))) continue;
      const pkg = packageOf(specifier);
      const manifest = nearest(dirname(change.file));
      if (manifest && (manifest.runtime.has(pkg) || manifest.name === pkg)) continue;
      const key = `${manifest?.path ?? ""}\0${pkg}`;
      const entry = missing.get(key);
      if (entry) {
        entry.files.push(change.path);
        continue;
      }
      missing.set(key, {
        package: pkg,
        specifier,
        ...(manifest ? { manifest: relative(root, manifest.path).split(sep).join("/") } : {}),
        ...(manifest?.dev.has(pkg) ? { listedIn: "devDependencies" as const } : {}),
        files: [change.path],
      });
    }
  }
  return [...missing.values()];
}

/** One line per missing dependency, with what to do about it. */
export function describeUndeclared(missing: UndeclaredDependency): string {
  const imports = `the rewritten code imports \`${missing.specifier}\``;
  const count = missing.files.slice(0, 3).join(", ") + (missing.files.length > 3 ? ` and ${missing.files.length - 3} more` : "");
  if (!missing.manifest) return `${imports} (${count}), but no package.json above it lists ${missing.package}: install it (\`npm install ${missing.package}\`) or pass --cache-module`;
  const folder = dirname(missing.manifest);
  const install = `\`npm install ${missing.package}\`${folder === "." ? "" : ` in ${folder}`}`;
  if (missing.listedIn) return `${imports} (${count}) at run time, but ${missing.manifest} lists ${missing.package} only in devDependencies: move it to dependencies (${install})`;
  return `${imports} (${count}), but ${missing.manifest} does not list ${missing.package} in its dependencies: add it (${install}) or pass --cache-module`;
}
