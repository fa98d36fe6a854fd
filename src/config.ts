// optimigrate.config.json (or the "optimigrate" key of package.json) in the scanned root: read, checked, typed.
// Config is JSON, never executed code. Every problem is one line naming the file and the key.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { FINDING_KINDS, type FindingKind } from "./findings.js";
import { UsageError } from "./errors.js";

export const CONFIG_FILE = "optimigrate.config.json";

export interface IgnoreRule {
  kind?: FindingKind;
  /** Glob on the finding's file path (relative to root). */
  file?: string;
  library?: string;
  function?: string;
}

export interface OptimigrateConfig {
  include?: string[];
  exclude?: string[];
  /** Extra client modules: module specifier -> treated as an API client or a database client. */
  libraries?: Record<string, "api" | "db">;
  ignore?: IgnoreRule[];
  /** Other sections (estimate, migrate, cache-wrap…) are checked by the modules that own them. */
  [section: string]: unknown;
}

export interface LoadedConfig {
  config: OptimigrateConfig;
  /** The file it came from, or undefined when there is none. */
  source?: string;
}

type SectionCheck = (value: unknown, where: string) => void;

const sectionChecks = new Map<string, SectionCheck>();

/** Lets a module that owns a config section validate it; unknown top-level keys are errors. */
export function defineConfigSection(key: string, check: SectionCheck): void {
  sectionChecks.set(key, check);
}

export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

defineConfigSection("$schema", () => {});
defineConfigSection("include", (v, where) => {
  if (!isStringArray(v)) throw new UsageError(`${where}: "include" must be an array of glob strings`);
});
defineConfigSection("exclude", (v, where) => {
  if (!isStringArray(v)) throw new UsageError(`${where}: "exclude" must be an array of glob strings`);
});
defineConfigSection("libraries", (v, where) => {
  if (!v || typeof v !== "object" || Array.isArray(v)) {
    throw new UsageError(`${where}: "libraries" must be an object mapping module names to "api" or "db"`);
  }
  for (const [name, kind] of Object.entries(v)) {
    if (kind !== "api" && kind !== "db") throw new UsageError(`${where}: libraries["${name}"] must be "api" or "db", not ${JSON.stringify(kind)}`);
  }
});
defineConfigSection("ignore", (v, where) => {
  if (!Array.isArray(v)) throw new UsageError(`${where}: "ignore" must be an array of rules`);
  v.forEach((rule: unknown, i) => {
    if (!rule || typeof rule !== "object" || Array.isArray(rule)) throw new UsageError(`${where}: ignore[${i}] must be an object`);
    for (const [key, value] of Object.entries(rule)) {
      if (!["kind", "file", "library", "function"].includes(key)) throw new UsageError(`${where}: ignore[${i}] has unknown key "${key}" (expected kind, file, library, function)`);
      if (typeof value !== "string") throw new UsageError(`${where}: ignore[${i}].${key} must be a string`);
      if (key === "kind" && !(FINDING_KINDS as readonly string[]).includes(value)) {
        throw new UsageError(`${where}: ignore[${i}].kind must be one of ${FINDING_KINDS.join(", ")}`);
      }
    }
  });
});

export function validateConfig(value: unknown, where: string): OptimigrateConfig {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new UsageError(`${where}: the configuration must be a JSON object`);
  for (const [key, section] of Object.entries(value)) {
    const check = sectionChecks.get(key);
    if (!check) throw new UsageError(`${where}: unknown key "${key}" (known: ${[...sectionChecks.keys()].filter((k) => k !== "$schema").join(", ")})`);
    check(section, where);
  }
  return value as OptimigrateConfig;
}

async function readJson(file: string): Promise<unknown | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Reads the config of `root`; `explicitFile` (from --config) must exist. */
export async function loadConfig(root: string, explicitFile?: string): Promise<LoadedConfig> {
  if (explicitFile) {
    const value = await readJson(explicitFile);
    if (value === undefined) throw new UsageError(`config file ${explicitFile} does not exist`);
    return { config: validateConfig(value, explicitFile), source: explicitFile };
  }
  const file = join(root, CONFIG_FILE);
  const value = await readJson(file);
  if (value !== undefined) return { config: validateConfig(value, CONFIG_FILE), source: file };
  const pkgFile = join(root, "package.json");
  const pkg = (await readJson(pkgFile).catch(() => undefined)) as { optimigrate?: unknown } | undefined;
  if (pkg && typeof pkg === "object" && pkg.optimigrate !== undefined) {
    return { config: validateConfig(pkg.optimigrate, 'package.json "optimigrate"'), source: pkgFile };
  }
  return { config: {} };
}
