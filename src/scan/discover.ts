// Which files a command looks at: the source extensions under the given paths, honouring .gitignore,
// skipping dependencies, build output and declaration files, narrowed by include/exclude globs.
import { stat } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { globby } from "globby";
import picomatch from "picomatch";
import { git, gitTopLevel } from "./git.js";
import { UsageError } from "../errors.js";

export const SOURCE_EXTENSIONS = ["ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs"] as const;

export const ALWAYS_IGNORED = [
  "**/node_modules/**",
  "**/.git/**",
  "**/dist/**",
  "**/build/**",
  "**/out/**",
  "**/coverage/**",
  "**/.next/**",
  "**/.nuxt/**",
  "**/.output/**",
  "**/.svelte-kit/**",
  "**/.turbo/**",
  "**/.vercel/**",
  "**/.cache/**",
  "**/*.d.ts",
  "**/*.d.mts",
  "**/*.d.cts",
  "**/*.min.js",
  "**/*.bundle.js",
];

export interface DiscoverOptions {
  /** Directory that relative paths, globs and .gitignore are taken from. */
  root: string;
  /** Files or directories to scan (absolute, or relative to root). */
  paths: string[];
  include?: string[];
  exclude?: string[];
}

const EXTENSION_GLOB = `**/*.{${SOURCE_EXTENSIONS.join(",")}}`;

export function hasSourceExtension(file: string): boolean {
  const dot = file.lastIndexOf(".");
  return dot >= 0 && (SOURCE_EXTENSIONS as readonly string[]).includes(file.slice(dot + 1)) && !/\.d\.[mc]?ts$/.test(file);
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

/** Absolute paths of the files to scan, sorted. A path that does not exist is a usage error. */
export async function discoverFiles(options: DiscoverOptions): Promise<string[]> {
  const root = resolve(options.root);
  const patterns: string[] = [];
  const explicitFiles: string[] = [];
  for (const given of options.paths.length ? options.paths : ["."]) {
    const abs = isAbsolute(given) ? given : resolve(root, given);
    let info;
    try {
      info = await stat(abs);
    } catch {
      throw new UsageError(`no such file or directory: ${given}`);
    }
    const rel = toPosix(relative(root, abs));
    if (rel.startsWith("..")) throw new UsageError(`${given} is outside the scanned root ${root}`);
    if (info.isDirectory()) {
      const base = rel === "" ? "" : `${rel}/`;
      for (const include of options.include?.length ? options.include : [EXTENSION_GLOB]) patterns.push(`${base}${include}`);
    } else if (hasSourceExtension(abs)) {
      explicitFiles.push(rel);
    } else {
      throw new UsageError(`${given} is not a JavaScript or TypeScript file`);
    }
  }
  const exclude = [...ALWAYS_IGNORED, ...(options.exclude ?? [])];
  const found = patterns.length ? ((await listWithGit(root, patterns, exclude)) ?? (await listWithGlobby(root, patterns, exclude))) : [];
  const files = new Set<string>();
  for (const rel of found) if (hasSourceExtension(rel)) files.add(resolve(root, rel));
  for (const rel of explicitFiles) files.add(resolve(root, rel));
  return [...files].sort();
}

/**
 * The files under `root` that match `patterns` (globs relative to it), found as the source files are: git's list
 * where there is one, else a walk honouring .gitignore; never dependencies or build output. Relative paths.
 */
export async function listProjectFiles(root: string, patterns: string[], gitPathspecs: string[] = []): Promise<string[]> {
  return (await listWithGit(root, patterns, ALWAYS_IGNORED, gitPathspecs)) ?? (await listWithGlobby(root, patterns, ALWAYS_IGNORED));
}

async function gitList(root: string, args: string[]): Promise<string[]> {
  return (await git(root, ["ls-files", "-z", ...args])).split("\0").filter(Boolean);
}

/**
 * Inside a git work tree, git already knows which files .gitignore leaves: one `git ls-files` is far
 * faster than walking the tree. Ignored files stay out even when tracked, as with the walk.
 * Returns undefined when this is not a git work tree (or git is not installed).
 */
async function listWithGit(root: string, patterns: string[], exclude: string[], pathspecs: string[] = []): Promise<string[] | undefined> {
  // git narrows its own list (`*.prisma`) rather than handing over every file of a large repository
  const only = pathspecs.length ? ["--", ...pathspecs] : [];
  let listed: string[];
  let ignored: Set<string>;
  let deleted: Set<string>;
  try {
    if (!(await gitTopLevel(root))) return undefined;
    const [all, trackedIgnored, gone] = await Promise.all([
      gitList(root, ["--cached", "--others", "--exclude-standard", ...only]),
      gitList(root, ["--cached", "--ignored", "--exclude-standard", ...only]),
      gitList(root, ["--deleted", ...only]),
    ]);
    listed = all;
    ignored = new Set(trackedIgnored);
    deleted = new Set(gone);
  } catch {
    return undefined;
  }
  const included = picomatch(patterns);
  const excluded = picomatch(exclude, { dot: true });
  const seen = new Set<string>();
  return listed.filter((rel) => {
    if (seen.has(rel) || ignored.has(rel) || deleted.has(rel)) return false;
    seen.add(rel);
    // Like the walk (dot: false), files under dot-directories and dot-files are not scanned.
    return !/(^|\/)\./.test(rel) && included(rel) && !excluded(rel);
  });
}

function listWithGlobby(root: string, patterns: string[], exclude: string[]): Promise<string[]> {
  return globby(patterns, { cwd: root, gitignore: true, ignore: exclude, dot: false, onlyFiles: true, followSymbolicLinks: false });
}

/** The path of a file as findings show it: relative to root, `/` separators. */
export function displayPath(root: string, file: string): string {
  return toPosix(relative(root, file));
}
