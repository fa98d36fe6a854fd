// Resolves the project's own import specifiers ("./db", "../lib/prisma.js", "@/lib/db" via tsconfig paths)
// to the scanned files, so that a client exported by one file is known in the files that import it.
import { existsSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, normalize, resolve, sep } from "node:path";
import { ts } from "ts-morph";
import { isRelativeSpecifier, type LocalModuleTest } from "../detect/evaluate.js";
import picomatch from "picomatch";
import { workspacePackages, workspaceTop } from "./workspaces.js";
import { folderListings } from "../fs/folder-listings.js";
import { ALWAYS_IGNORED } from "./discover.js";

// build output, dependencies, declarations, bundles: what file discovery never scans is not read from outside either
const alwaysIgnored = picomatch([...ALWAYS_IGNORED], { dot: true });

const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
const SOURCE_FILE = /\.[cm]?[jt]sx?$/;

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
const JS_TO_TS: Record<string, string[]> = { ".js": [".ts", ".tsx"], ".jsx": [".tsx"], ".mjs": [".mts"], ".cjs": [".cts"] };

export interface AliasSet {
  /** tsconfig `paths` patterns ("@/*") with their targets, absolute. */
  patterns: { prefix: string; suffix: string; exact: boolean; targets: string[] }[];
  /** tsconfig `baseUrl`, absolute: `import … from "src/prisma/prisma.service"` (NestJS) is the project's own file. */
  baseUrl?: string;
}

/**
 * The aliases of the run's root, and of the folders below it with a tsconfig of their own (a monorepo's
 * packages, each with its `@/*`): a file follows the nearest. Plain data, so that workers get a copy.
 */
export interface PathAliases extends AliasSet {
  /** Deepest first. */
  scopes?: ({ dir: string } & AliasSet)[];
  /** The project the run's files belong to (src/scan/local-modules.ts projectTop), whose other files may be read for their exports. */
  projectTop?: string;
}

/** The aliases that apply to the files of `dir`. */
export function aliasesFor(aliases: PathAliases, dir: string): AliasSet {
  for (const scope of aliases.scopes ?? []) if (dir === scope.dir || dir.startsWith(scope.dir + sep)) return scope;
  return aliases;
}

interface TsconfigPaths {
  baseUrl?: string;
  paths?: Record<string, string[]>;
}

function readTsconfigPaths(file: string, depth = 0): TsconfigPaths & { dir: string } {
  const dir = dirname(file);
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  const own = (config?.compilerOptions ?? {}) as TsconfigPaths;
  let inherited: (TsconfigPaths & { dir: string }) | undefined;
  if (typeof config?.extends === "string" && config.extends.startsWith(".") && depth < 3) {
    const parent = resolve(dir, config.extends.endsWith(".json") ? config.extends : `${config.extends}.json`);
    if (existsSync(parent)) inherited = readTsconfigPaths(parent, depth + 1);
  }
  return {
    dir: own.baseUrl !== undefined || own.paths ? dir : (inherited?.dir ?? dir),
    baseUrl: own.baseUrl ?? inherited?.baseUrl,
    paths: own.paths ?? inherited?.paths,
  };
}

/** The tsconfig.json that types `file`: the nearest above it (its package's, in a monorepo), else the run root's. */
export function configForFile(file: string, root: string): string | undefined {
  return governingConfig(dirname(file)) ?? governingConfig(root);
}

/**
 * The tsconfig.json (or jsconfig.json) that governs `root`: its own, or the nearest one above it within the
 * repository (`assess server/` in a repo whose `@server/*` paths are set in the top-level tsconfig.json).
 */
export function governingConfig(root: string): string | undefined {
  for (let dir = resolve(root); ; ) {
    const file = [join(dir, "tsconfig.json"), join(dir, "jsconfig.json")].find((f) => existsSync(f));
    if (file) return file;
    const parent = dirname(dir);
    // the repository's top, or the file system's
    if (parent === dir || existsSync(join(dir, ".git"))) return undefined;
    dir = parent;
  }
}

/**
 * Path aliases from the tsconfig.json (or jsconfig.json) of `root` or the nearest above it, then the packages of
 * the workspace around it (`@acme/db` and `@acme/db/…`: src/scan/workspaces.ts).
 */
export function loadPathAliases(root: string, files: readonly string[] = []): PathAliases {
  const packages = workspacePackages(root).flatMap((pkg): AliasSet["patterns"] => [
    { prefix: pkg.name, suffix: "", exact: true, targets: pkg.entries },
    { prefix: `${pkg.name}/`, suffix: "", exact: false, targets: [join(pkg.dir, "*"), join(pkg.dir, "src", "*")] },
  ]);
  const withPackages = (set: AliasSet): AliasSet => ({ ...set, patterns: [...set.patterns, ...packages] });
  const scopes = configsBelow(resolve(root), files).map((file) => ({ dir: dirname(file), ...withPackages(tsconfigAliases(file)) }));
  scopes.sort((a, b) => b.dir.length - a.dir.length);
  const top = withPackages(tsconfigAliases(governingConfig(root)));
  // the root's project, else the one of the files (`assess repo/src/x.ts` run from outside the repository)
  const project = projectTop(root) ?? (files.length ? projectTop(dirname(files[0]!)) : undefined);
  return { ...top, ...(scopes.length ? { scopes } : {}), ...(project ? { projectTop: project } : {}) };
}

/** The tsconfig.json (or jsconfig.json) files of the folders below `root` that hold some of `files`. */
function configsBelow(root: string, files: readonly string[]): string[] {
  const checked = new Set<string>();
  const found: string[] = [];
  for (const file of files) {
    for (let dir = dirname(file); dir !== root && dir.startsWith(root + sep) && !checked.has(dir); dir = dirname(dir)) {
      checked.add(dir);
      const config = [join(dir, "tsconfig.json"), join(dir, "jsconfig.json")].find((f) => existsSync(f));
      if (config) found.push(config);
    }
  }
  return found;
}

function tsconfigAliases(file: string | undefined): AliasSet {
  if (!file) return { patterns: [] };
  const { dir, baseUrl, paths } = readTsconfigPaths(file);
  const base = resolve(dir, baseUrl ?? ".");
  const baseDir = baseUrl !== undefined ? base : undefined;
  const patterns = Object.entries(paths ?? {}).map(([pattern, targets]) => {
    const star = pattern.indexOf("*");
    return {
      prefix: star < 0 ? pattern : pattern.slice(0, star),
      suffix: star < 0 ? "" : pattern.slice(star + 1),
      exact: star < 0,
      targets: targets.map((t) => resolve(base, t)),
    };
  });
  return { patterns, ...(baseDir ? { baseUrl: baseDir } : {}) };
}

/** The local-module test for each file, by the aliases that apply to it. */
export function localModuleTests(aliases: PathAliases): (file: string) => LocalModuleTest {
  const tests = new Map<AliasSet, LocalModuleTest>();
  return (file) => {
    const set = aliasesFor(aliases, dirname(file));
    let test = tests.get(set);
    if (!test) tests.set(set, (test = localModuleTest(set)));
    return test;
  };
}

function localModuleTest(aliases: AliasSet): LocalModuleTest {
  if (aliases.patterns.length === 0 && !aliases.baseUrl) return isRelativeSpecifier;
  const underBase = baseUrlTest(aliases.baseUrl);
  return (specifier) =>
    isRelativeSpecifier(specifier) ||
    aliases.patterns.some((p) => (p.exact ? specifier === p.prefix : specifier.startsWith(p.prefix) && specifier.endsWith(p.suffix))) ||
    underBase(specifier);
}

/**
 * A bare specifier is a file under `baseUrl` when its first segment names a folder or module there (`src/…`,
 * `utils/date`); packages (`axios`, `@nestjs/common`) do not live there. Asked once per first segment.
 */
function baseUrlTest(baseUrl: string | undefined): (specifier: string) => boolean {
  if (!baseUrl) return () => false;
  const known = new Map<string, boolean>();
  return (specifier) => {
    if (specifier.startsWith("@") || specifier.includes(":")) return false;
    const first = specifier.split("/", 1)[0]!;
    let hit = known.get(first);
    if (hit === undefined) {
      const at = join(baseUrl, first);
      hit = first !== "node_modules" && (existsSync(at) || EXTENSIONS.some((e) => existsSync(at + e)));
      known.set(first, hit);
    }
    return hit;
  };
}

function candidates(base: string): string[] {
  // `base` is resolved already: plain concatenation, not path.join, which normalizes it again for every candidate
  const dir = base.endsWith(sep) ? base : base + sep;
  const list = [base];
  for (const e of EXTENSIONS) list.push(base + e);
  for (const e of EXTENSIONS) list.push(`${dir}index${e}`);
  for (const [js, tsExts] of Object.entries(JS_TO_TS)) {
    if (base.endsWith(js)) for (const t of tsExts) list.push(base.slice(0, -js.length) + t);
  }
  return list;
}

/**
 * The project a run's root belongs to: the repository around it (the nearest `.git` at or above it), else the
 * nearest directory with a package.json; undefined when neither is found.
 */
export function projectTop(root: string): string | undefined {
  let nearestPackage: string | undefined;
  for (let dir = resolve(root); ; ) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (!nearestPackage && existsSync(join(dir, "package.json"))) nearestPackage = dir;
    const parent = dirname(dir);
    if (parent === dir) return workspaceTop(root) ?? nearestPackage;
    dir = parent;
  }
}

/**
 * The scanned file an import specifier of `fromFile` refers to, if it is one of them; with `outsideUnder`, also a
 * source file on disk under that directory that the run did not include (never one in node_modules).
 */
export function createLocalResolver(files: ReadonlySet<string>, projectAliases: PathAliases, outsideUnder?: string): (fromFile: string, specifier: string) => string | undefined {
  const onDisk = new Map<string, boolean>();
  // one listing per folder rather than a stat per candidate (`x.ts`, `x.tsx`, `x/index.ts`, … of each import)
  const listed = folderListings();
  const isOutsideFile = (path: string): boolean => {
    let hit = onDisk.get(path);
    if (hit === undefined) {
      hit = outsideUnder !== undefined && path.startsWith(outsideUnder + sep) && SOURCE_FILE.test(path) && !alwaysIgnored(path.slice(outsideUnder.length + 1)) && listed(path) && isFile(path);
      onDisk.set(path, hit);
    }
    return hit;
  };
  // a run asks the same (folder, specifier) pairs again and again: every file's imports, in every cross-file round
  const resolved = new Map<string, string | undefined>();
  const resolveFrom = (fromDir: string, specifier: string): string | undefined => {
    const key = `${fromDir}\0${specifier}`;
    if (resolved.has(key)) return resolved.get(key);
    const target = resolveUncached(fromDir, specifier);
    resolved.set(key, target);
    return target;
  };
  const resolveUncached = (fromDir: string, specifier: string): string | undefined => {
    const aliases = aliasesFor(projectAliases, fromDir);
    const bases: string[] = [];
    if (isRelativeSpecifier(specifier)) bases.push(isAbsolute(specifier) ? specifier : resolve(fromDir, specifier));
    if (aliases.baseUrl && !isRelativeSpecifier(specifier)) bases.push(join(aliases.baseUrl, specifier));
    for (const p of aliases.patterns) {
      if (p.exact ? specifier !== p.prefix : !(specifier.startsWith(p.prefix) && specifier.endsWith(p.suffix))) continue;
      const middle = p.exact ? "" : specifier.slice(p.prefix.length, specifier.length - p.suffix.length);
      for (const target of p.targets) bases.push(target.replace("*", middle));
    }
    // alias targets with a `./` in what the `*` matched: candidates are concatenated, so the base must be normal
    for (let i = 0; i < bases.length; i++) bases[i] = normalize(bases[i]!);
    for (const base of bases) for (const candidate of candidates(base)) if (files.has(candidate)) return candidate;
    if (outsideUnder === undefined) return undefined;
    for (const base of bases) for (const candidate of candidates(base)) if (isOutsideFile(candidate)) return candidate;
    return undefined;
  };
  return (fromFile, specifier) => resolveFrom(dirname(fromFile), specifier);
}
