// Options several commands share: where to look, which files, which config — resolved the same way everywhere.
import { resolve } from "node:path";
import { stat } from "node:fs/promises";
import type { Command } from "commander";
import { loadConfig, type LoadedConfig } from "../config.js";
import "../config-sections.js";
import { collectList } from "./options.js";

export interface ScanFlags {
  include?: string[];
  exclude?: string[];
  config?: string;
}

export function addScanOptions(command: Command): Command {
  return command
    .option("--include <glob>", "only scan files matching this glob (repeatable, comma-separated)", collectList)
    .option("--exclude <glob>", "skip files matching this glob (repeatable, comma-separated)", collectList)
    .option("--config <file>", "read this config file instead of optimigrate.config.json in the root");
}

/** DESIGN §3: the root is the path argument when one directory is given, otherwise the current directory. */
export async function resolveRoot(paths: string[]): Promise<string> {
  if (paths.length === 1) {
    const candidate = resolve(paths[0]!);
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isDirectory()) return candidate;
  }
  return process.cwd();
}

export interface ScanContext extends LoadedConfig {
  root: string;
  paths: string[];
  include?: string[];
  exclude?: string[];
}

/** Root, paths and config for a scanning command; flags add to (include/exclude) the config. */
export async function scanContext(paths: string[], flags: ScanFlags): Promise<ScanContext> {
  const root = await resolveRoot(paths);
  const loaded = await loadConfig(root, flags.config);
  const include = flags.include ?? loaded.config.include;
  const exclude = [...(loaded.config.exclude ?? []), ...(flags.exclude ?? [])];
  const scanPaths = paths.length === 1 && resolve(paths[0]!) === root ? [root] : paths.map((p) => resolve(p));
  return { ...loaded, root, paths: scanPaths, include, exclude };
}

/** What every scan of a context shares: where, which files, and the extra client libraries. */
export function scanTarget(context: ScanContext): {
  root: string;
  paths: string[];
  include?: string[];
  exclude?: string[];
  libraries?: Record<string, "api" | "db">;
} {
  return { root: context.root, paths: context.paths, include: context.include, exclude: context.exclude, libraries: context.config.libraries };
}
