// `optimigrate init`: writes optimigrate.config.json (cacheable names, TTL rules, batch size, cache module)
// and, with --cache-module PATH, the app's cache module — the guide's cache infrastructure: Redis from
// REDIS_URL, default TTL 300 s, at most 100 MB in memory (LRU), re-exporting cached and mapBatched.
// Never overwrites a file without --force.
import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Command } from "commander";
import "../migrate/cache-wrap-config.js";
import { DEFAULT_CACHEABLE_PATTERNS, DEFAULT_TTL, type TtlRule } from "../analysis/cache-settings.js";
import { CONFIG_FILE } from "../config.js";
import { EXIT, UsageError } from "../errors.js";
import { writeFileAtomic } from "../fs/atomic-write.js";
import { detectTerminal } from "../terminal.js";

interface InitFlags {
  cacheModule?: string;
  batchSize?: string;
  defaultTtl?: string;
  force?: boolean;
  json?: boolean;
}

/** The guide's TTLs as editable rules (first match wins; names not matched get defaultTtl). */
export const GUIDE_TTL_RULES: readonly TtlRule[] = [
  { pattern: "*{Price,Prices,Quote,Quotes,Stock,Stocks,Market,Ticker,Rate,Rates,Realtime,RealTime,Live}*", ttl: 30 },
  { pattern: "*{Report,Reports,Analytics,Summary,Stats,Statistics,Dashboard,Metrics}*", ttl: 3600 },
  { pattern: "*{User,Users,Profile,Account,Customer,Preferences,Settings}*", ttl: 300 },
];

type ModuleKind = "ts" | "esm" | "cjs";

function moduleKind(file: string, root: string): ModuleKind {
  const ext = extname(file).toLowerCase();
  if ([".ts", ".mts", ".cts", ".tsx"].includes(ext)) return "ts";
  if (ext === ".mjs") return "esm";
  if (ext === ".cjs") return "cjs";
  if (ext !== ".js") throw new UsageError(`--cache-module: "${file}" must end in .ts, .mts, .cts, .js, .mjs or .cjs`);
  try {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { type?: string };
    return pkg.type === "module" ? "esm" : "cjs";
  } catch {
    return "cjs";
  }
}

const HEADER = `// Cache infrastructure for migrated code (written by \`optimigrate init\`): the shared store is Redis at
// REDIS_URL (memory only when it is unset), entries live 300 s unless a call says otherwise, and the
// in-memory tier holds at most 100 MB, evicting the least recently used entries first.
// Rollout flags and the kill switch come from the environment: OPTIMIGRATE_CACHE, OPTIMIGRATE_CACHE_PERCENT,
// OPTIMIGRATE_BATCHING. Code rewritten by \`optimigrate migrate\` imports cached and mapBatched from here.`;

export function cacheModuleText(kind: ModuleKind, defaultTtl: number): string {
  const config = `{
  redisUrl: process.env.REDIS_URL || null,
  defaultTtl: Number(process.env.CACHE_DEFAULT_TTL) || ${defaultTtl},
  maxMemoryMb: Number(process.env.CACHE_MAX_MEMORY_MB) || 100,
}`;
  if (kind === "cjs") {
    return `${HEADER}
"use strict";
const { cached, configureCache, mapBatched } = require("optimigrate/runtime");

// never rejects: a Redis that is down means memory-only caching until it answers
void configureCache(${config});

module.exports = { cached, mapBatched };
`;
  }
  return `${HEADER}
import { cached, configureCache, mapBatched } from "optimigrate/runtime";

// never rejects: a Redis that is down means memory-only caching until it answers
void configureCache(${config});

export { cached, mapBatched };
`;
}

export function configText(options: { batchSize: number; cacheModule: string; defaultTtl: number }): string {
  const config = {
    migrate: { batchSize: options.batchSize, cacheModule: options.cacheModule },
    cacheWrap: { patterns: [...DEFAULT_CACHEABLE_PATTERNS], ttlRules: GUIDE_TTL_RULES, defaultTtl: options.defaultTtl },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

function wholeNumber(value: string | undefined, flag: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${flag} must be a whole number from 1 to ${max}, not "${value}"`);
  return n;
}

async function init(dir: string | undefined, flags: InitFlags): Promise<number> {
  const term = detectTerminal();
  const root = resolve(dir ?? ".");
  if (!existsSync(root)) throw new UsageError(`${root} does not exist`);
  const batchSize = wholeNumber(flags.batchSize, "--batch-size", 10, 10_000);
  const defaultTtl = wholeNumber(flags.defaultTtl, "--default-ttl", DEFAULT_TTL, 31_536_000);
  const configFile = join(root, CONFIG_FILE);
  const writes: { file: string; text: string }[] = [];
  let cacheModule = "optimigrate/runtime";
  if (flags.cacheModule) {
    const target = resolve(root, flags.cacheModule);
    const rel = relative(root, target);
    if (rel.startsWith("..") || isAbsolute(rel)) throw new UsageError(`--cache-module: ${flags.cacheModule} is outside ${root}`);
    cacheModule = rel.split(sep).join("/");
    writes.push({ file: target, text: cacheModuleText(moduleKind(target, root), defaultTtl) });
  }
  writes.unshift({ file: configFile, text: configText({ batchSize, cacheModule, defaultTtl }) });
  // check every file first: nothing is written when one of them would be overwritten
  const existing = writes.filter((w) => existsSync(w.file));
  if (existing.length && !flags.force) {
    throw new UsageError(`${existing.map((w) => relative(process.cwd(), w.file) || w.file).join(" and ")} already exist${existing.length === 1 ? "s" : ""}; pass --force to overwrite`);
  }
  for (const w of writes) {
    await mkdir(dirname(w.file), { recursive: true });
    await writeFileAtomic(w.file, w.text);
  }
  const written = writes.map((w) => relative(root, w.file).split(sep).join("/"));
  if (flags.json) process.stdout.write(`${JSON.stringify({ root, written, overwritten: existing.map((w) => relative(root, w.file).split(sep).join("/")), cacheModule }, null, 2)}\n`);
  else {
    for (const file of written) process.stdout.write(`${term.color.green("wrote")} ${file}${existing.some((w) => relative(root, w.file).split(sep).join("/") === file) ? " (overwritten)" : ""}\n`);
    process.stdout.write(`next: optimigrate migrate --dry-run${flags.cacheModule ? " (migrated code will import cached from " + cacheModule + ")" : ""}\n`);
  }
  return EXIT.ok;
}

export function registerInit(program: Command): void {
  program
    .command("init")
    .description("write optimigrate.config.json and, with --cache-module, the app's cache module (Redis from REDIS_URL, TTL 300 s, 100 MB LRU)")
    .argument("[dir]", "project root (default: the current directory)")
    .option("--cache-module <path>", "also write a module of the app that configures the runtime and re-exports cached and mapBatched (.ts/.js/.mjs/.cjs)")
    .option("--batch-size <n>", "migrate.batchSize in the config (default 10)")
    .option("--default-ttl <seconds>", "cacheWrap.defaultTtl and the module's default TTL (default 300)")
    .option("--force", "overwrite files that already exist")
    .option("--json", "print what was written as one JSON document")
    .addHelpText(
      "after",
      `
Examples:
  $ optimigrate init
  $ optimigrate init --cache-module src/lib/cache.ts
  $ optimigrate init --cache-module src/cache.js --force`,
    )
    .action(async (dir: string | undefined, flags: InitFlags) => {
      process.exitCode = await init(dir, flags);
    });
}
