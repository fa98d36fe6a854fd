// The packages of an npm, Yarn or pnpm workspace: `import { prisma } from "@acme/db"` in a monorepo is the
// project's own `packages/db`, whether or not `npm install` has linked it into node_modules.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { globbySync } from "globby";

export interface WorkspacePackage {
  name: string;
  dir: string;
  /** Where `import … from "<name>"` may land, without extension (tried as .ts, .js, /index.ts…). */
  entries: string[];
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(readFileSync(file, "utf8")) as unknown;
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `packages:` of pnpm-workspace.yaml: a list of quoted or bare globs. */
function pnpmGlobs(file: string): string[] {
  const globs: string[] = [];
  let inPackages = false;
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    if (/^packages\s*:/.test(line)) inPackages = true;
    else if (/^\S/.test(line)) inPackages = false;
    else if (inPackages) {
      const item = /^\s*-\s*["']?([^"'#]+?)["']?\s*(#.*)?$/.exec(line);
      if (item) globs.push(item[1]!);
    }
  }
  return globs;
}

function workspaceGlobs(dir: string): string[] | undefined {
  const pnpm = join(dir, "pnpm-workspace.yaml");
  if (existsSync(pnpm)) return pnpmGlobs(pnpm);
  const workspaces = readJson(join(dir, "package.json"))?.workspaces;
  if (Array.isArray(workspaces)) return workspaces.filter((w): w is string => typeof w === "string");
  const packages = (workspaces as { packages?: unknown } | undefined)?.packages;
  return Array.isArray(packages) ? packages.filter((w): w is string => typeof w === "string") : undefined;
}

/** The file an `exports` "." entry, `main`, `module` or `types` names, as a path without its extension. */
function declaredEntries(pkg: Record<string, unknown>): string[] {
  const found: string[] = [];
  const add = (value: unknown): void => {
    if (typeof value === "string") found.push(value.replace(/\.d\.[cm]?ts$/, "").replace(/\.[cm]?[jt]sx?$/, ""));
    else if (value && typeof value === "object") for (const v of Object.values(value)) add(v);
  };
  const exported = pkg.exports;
  add(typeof exported === "object" && exported && "." in exported ? (exported as Record<string, unknown>)["."] : typeof exported === "string" ? exported : undefined);
  add(pkg.types);
  add(pkg.main);
  add(pkg.module);
  return found;
}

/**
 * The workspace around `root` (its own or the nearest above it within the repository) and its packages; none
 * when there is no workspace. Built output named as an entry (`dist/index.js`) is mapped back to `src/index`.
 */
export function workspacePackages(root: string): WorkspacePackage[] {
  const top = workspaceTop(root);
  return top ? packagesOf(top, workspaceGlobs(top)!) : [];
}

/** The directory of the workspace around `root` (its own or the nearest above it within the repository). */
export function workspaceTop(root: string): string | undefined {
  for (let dir = resolve(root); ; ) {
    if (workspaceGlobs(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir || existsSync(join(dir, ".git"))) return undefined;
    dir = parent;
  }
}

function packagesOf(top: string, globs: string[]): WorkspacePackage[] {
  const patterns = globs.map((g) => (g.startsWith("!") ? `!${g.slice(1).replace(/\/$/, "")}/package.json` : `${g.replace(/\/$/, "")}/package.json`));
  const files = globbySync(patterns, { cwd: top, absolute: true, ignore: ["**/node_modules/**"] });
  const packages: WorkspacePackage[] = [];
  for (const file of files.sort()) {
    const pkg = readJson(file);
    const name = pkg?.name;
    if (typeof name !== "string" || !name) continue;
    const dir = dirname(file);
    const declared = declaredEntries(pkg!).map((e) => resolve(dir, e));
    const fromBuild = declared.filter((e) => /[\\/](dist|build|lib|out)[\\/]/.test(e)).map((e) => e.replace(/([\\/])(dist|build|lib|out)([\\/])/, "$1src$3"));
    // the source a built entry was made from comes first: the run reads source, not build output
    packages.push({ name, dir, entries: [...new Set([...fromBuild, ...declared, join(dir, "src/index"), join(dir, "index")])] });
  }
  return packages;
}
