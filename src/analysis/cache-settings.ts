// Which function names cache-wrap takes and how long their results live: the defaults, the config's
// rules and the guide's TTLs by what a name says. Names only, no syntax tree, so the CLI can read them
// (`init`) without loading the TypeScript compiler.
import picomatch from "picomatch";
import { nameWords } from "../detect/operation.js";

export const DEFAULT_CACHEABLE_PATTERNS = ["get*", "fetch*", "calculate*", "analyze*", "generate*"] as const;
export const DEFAULT_TTL = 300;

export interface TtlRule {
  /** Glob on the function name (`get*Price*`), or on `Class.method`. */
  pattern: string;
  /** Seconds. */
  ttl: number;
}

export interface CacheWrapSettings {
  patterns?: readonly string[];
  ttlRules?: readonly TtlRule[];
  defaultTtl?: number;
}

/** The guide's TTLs by what the name says the data is: real-time 30 s, reports 3600 s, user data 300 s. */
const GUIDE_TTLS: { words: ReadonlySet<string>; ttl: number }[] = [
  { words: new Set(["realtime", "live", "market", "markets", "price", "prices", "pricing", "quote", "quotes", "stock", "stocks", "ticker", "tickers", "rate", "rates", "exchange", "spot"]), ttl: 30 },
  { words: new Set(["report", "reports", "analytics", "summary", "summaries", "stats", "statistics", "dashboard", "metrics", "trends", "insights", "digest"]), ttl: 3600 },
  { words: new Set(["user", "users", "profile", "profiles", "account", "accounts", "customer", "customers", "member", "members", "preferences", "settings"]), ttl: 300 },
];

export function ttlFor(name: string, settings: CacheWrapSettings = {}): number {
  const short = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1) : name;
  for (const rule of settings.ttlRules ?? []) if (matcher([rule.pattern])(name) || matcher([rule.pattern])(short)) return rule.ttl;
  const words = nameWords(short);
  for (const kind of GUIDE_TTLS) if (words.some((w) => kind.words.has(w))) return kind.ttl;
  return settings.defaultTtl ?? DEFAULT_TTL;
}

/** `getUserProfile` -> `user_profile`; `fetchOrders` -> `orders`; other verbs stay (`calculate_risk`). */
export function prefixFor(name: string): string {
  const words = nameWords(name);
  const rest = (words[0] === "get" || words[0] === "fetch") && words.length > 1 ? words.slice(1) : words;
  return rest.join("_").replace(/[^\w.:-]/g, "") || "cached";
}

const matchers = new Map<string, (name: string) => boolean>();

/** Compiled once per pattern list: picomatch.isMatch compiles on every call. */
function matcher(patterns: readonly string[]): (name: string) => boolean {
  const key = patterns.join("\0");
  let m = matchers.get(key);
  if (!m) matchers.set(key, (m = picomatch(patterns as string[])));
  return m;
}

export function matchesCacheable(name: string, patterns: readonly string[] = DEFAULT_CACHEABLE_PATTERNS): boolean {
  return matcher(patterns)(name);
}
