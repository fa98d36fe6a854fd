// The `cacheWrap` section of optimigrate.config.json: which function names are cacheable and their TTLs.
//   "cacheWrap": { "patterns": ["get*", "fetch*"], "ttlRules": [{ "pattern": "get*Price*", "ttl": 30 }], "defaultTtl": 300 }
// Rules are globs on the function name (or Class.method), the first match wins; then the guide's defaults.
import { defineConfigSection, isStringArray, type OptimigrateConfig } from "../config.js";
import { UsageError } from "../errors.js";
import type { CacheWrapSettings } from "../analysis/cacheability.js";

const KEYS = ["patterns", "ttlRules", "defaultTtl"];

const isTtl = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 31_536_000;

defineConfigSection("cacheWrap", (value, where) => {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new UsageError(`${where}: "cacheWrap" must be an object`);
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) if (!KEYS.includes(key)) throw new UsageError(`${where}: cacheWrap has unknown key "${key}" (expected ${KEYS.join(", ")})`);
  if (v.patterns !== undefined && (!isStringArray(v.patterns) || v.patterns.length === 0)) throw new UsageError(`${where}: cacheWrap.patterns must be a non-empty array of name globs such as "get*"`);
  if (v.defaultTtl !== undefined && !isTtl(v.defaultTtl)) throw new UsageError(`${where}: cacheWrap.defaultTtl must be a whole number of seconds from 1 to 31536000`);
  if (v.ttlRules !== undefined) {
    if (!Array.isArray(v.ttlRules)) throw new UsageError(`${where}: cacheWrap.ttlRules must be an array of { "pattern": "<name glob>", "ttl": <seconds> }`);
    v.ttlRules.forEach((rule: unknown, i) => {
      const r = rule as Record<string, unknown>;
      if (!r || typeof r !== "object" || typeof r.pattern !== "string" || !r.pattern || !isTtl(r.ttl) || Object.keys(r).some((k) => k !== "pattern" && k !== "ttl")) {
        throw new UsageError(`${where}: cacheWrap.ttlRules[${i}] must be { "pattern": "<name glob>", "ttl": <whole seconds, 1 to 31536000> }`);
      }
    });
  }
});

export function cacheWrapSettings(config: OptimigrateConfig): CacheWrapSettings {
  return (config.cacheWrap ?? {}) as CacheWrapSettings;
}
