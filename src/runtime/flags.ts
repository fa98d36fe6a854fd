// Rollout flags from the environment, read at every call so that flipping them in a running process takes
// effect at once: OPTIMIGRATE_CACHE (on/off), OPTIMIGRATE_CACHE_PERCENT (0–100), OPTIMIGRATE_BATCHING (on/off).

const OFF_VALUES = new Set(["0", "off", "false", "no", "disabled"]);
const warned = new Set<string>();

function warnOnce(name: string, raw: string, fallback: string): void {
  const id = `${name}=${raw}`;
  if (warned.has(id)) return;
  warned.add(id);
  console.warn(`[optimigrate] ignoring ${name}=${JSON.stringify(raw)}: expected ${fallback}`);
}

function isOn(raw: string | undefined): boolean {
  return raw === undefined || raw === "" || !OFF_VALUES.has(raw.trim().toLowerCase());
}

/** OPTIMIGRATE_CACHE: anything but 0/off/false/no/disabled (or unset) means on. */
export function cacheFlagOn(): boolean {
  return isOn(process.env.OPTIMIGRATE_CACHE);
}

/** OPTIMIGRATE_BATCHING: off means one item at a time. */
export function batchingFlagOn(): boolean {
  return isOn(process.env.OPTIMIGRATE_BATCHING);
}

let lastPercentRaw: string | undefined;
let lastPercent = 100;

/**
 * OPTIMIGRATE_CACHE_PERCENT: share of keys (0–100, "10" or "10%") that use the cache; unset = 100.
 * A value that does not parse turns the cache off for every key (fail safe) and is reported once.
 */
export function cachePercent(): number {
  const raw = process.env.OPTIMIGRATE_CACHE_PERCENT;
  if (raw === undefined || raw === "") return 100;
  if (raw === lastPercentRaw) return lastPercent;
  const n = Number(raw.trim().replace(/%$/, ""));
  let value: number;
  if (Number.isFinite(n) && n >= 0 && n <= 100) value = n;
  else {
    warnOnce("OPTIMIGRATE_CACHE_PERCENT", raw, "a number from 0 to 100; caching no key until it is fixed");
    value = 0;
  }
  lastPercentRaw = raw;
  lastPercent = value;
  return value;
}
