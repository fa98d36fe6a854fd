// Which files a command looks at: the source extensions under the given paths, honouring .gitignore,
// skipping dependencies, build output and declaration files, narrowed by include/exclude globs.
import { stat } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { globby } from "globby";
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
  const found = patterns.length
    ? await globby(patterns, {
        cwd: root,
        gitignore: true,
        ignore: [...ALWAYS_IGNORED, ...(options.exclude ?? [])],
        dot: false,
        onlyFiles: true,
        followSymbolicLinks: false,
      })
    : [];
  const files = new Set<string>();
  for (const rel of found) if (hasSourceExtension(rel)) files.add(resolve(root, rel));
  for (const rel of explicitFiles) files.add(resolve(root, rel));
  return [...files].sort();
}

/** The path of a file as findings show it: relative to root, `/` separators. */
export function displayPath(root: string, file: string): string {
  return toPosix(relative(root, file));
}
