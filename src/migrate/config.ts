// Registers the `migrate` section of optimigrate.config.json with the config loader.
import { defineConfigSection, isStringArray } from "../config.js";
import { UsageError } from "../errors.js";
import { CODEMOD_INFO } from "../../codemods/meta.js";
import type { BatchStyle } from "./codemod.js";

export interface MigrateConfig {
  codemods?: string[];
  batchSize?: number;
  batchStyle?: BatchStyle;
  cacheModule?: string;
  includeReview?: boolean;
  includeTests?: boolean;
}

const CONFIG_KEYS = ["codemods", "batchSize", "batchStyle", "cacheModule", "includeReview", "includeTests"];

defineConfigSection("migrate", (value, where) => {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new UsageError(`${where}: "migrate" must be an object`);
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) if (!CONFIG_KEYS.includes(key)) throw new UsageError(`${where}: migrate has unknown key "${key}" (expected ${CONFIG_KEYS.join(", ")})`);
  if (v.codemods !== undefined) {
    if (!isStringArray(v.codemods)) throw new UsageError(`${where}: migrate.codemods must be an array of codemod names`);
    for (const name of v.codemods) if (!CODEMOD_INFO.some((c) => c.name === name)) throw new UsageError(`${where}: migrate.codemods: unknown codemod "${name}" (known: ${CODEMOD_INFO.map((c) => c.name).join(", ")})`);
  }
  if (v.batchSize !== undefined && !(Number.isInteger(v.batchSize) && (v.batchSize as number) >= 1)) throw new UsageError(`${where}: migrate.batchSize must be a whole number of at least 1`);
  if (v.batchStyle !== undefined && v.batchStyle !== "slices" && v.batchStyle !== "pool") throw new UsageError(`${where}: migrate.batchStyle must be "slices" or "pool"`);
  if (v.cacheModule !== undefined && (typeof v.cacheModule !== "string" || v.cacheModule === "")) throw new UsageError(`${where}: migrate.cacheModule must be a module specifier string`);
  if (v.includeReview !== undefined && typeof v.includeReview !== "boolean") throw new UsageError(`${where}: migrate.includeReview must be true or false`);
  if (v.includeTests !== undefined && typeof v.includeTests !== "boolean") throw new UsageError(`${where}: migrate.includeTests must be true or false`);
});

