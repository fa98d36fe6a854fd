// Prometheus metrics through prom-client when the application has it installed (optional peer dependency):
// hit-rate gauge, calls-saved and uncacheable-calls counters and latency histogram, labelled by prefix. Values are computed from the
// stats when scraped, so the cache's hot path does no metrics work. Without prom-client this is a no-op.
import type { PrefixReport } from "./stats.js";
import { LATENCY_BUCKETS_MS } from "../stats/snapshot.js";

export type MetricsState = "off" | "loading" | "on" | "unavailable";

type StatsSource = () => Record<string, PrefixReport>;

interface RegistryLike {
  registerMetric(metric: unknown): void;
  getSingleMetric(name: string): unknown;
}

export const METRIC_NAMES = {
  hitRate: "optimigrate_cache_hit_rate",
  callsSaved: "optimigrate_cache_calls_saved_total",
  uncacheable: "optimigrate_cache_uncacheable_total",
  latency: "optimigrate_cache_latency_seconds",
} as const;

let state: MetricsState = "off";
let source: StatsSource = () => ({});
const registered = new WeakSet<object>();

export function metricsState(): MetricsState {
  return state;
}

/** Points the metrics at the stats of the cache now in use (the metrics themselves are registered once). */
export function setMetricsSource(next: StatsSource): void {
  source = next;
}

/**
 * Registers the metrics in `registry` (prom-client's default registry when omitted). Resolves to the state:
 * "unavailable" when prom-client cannot be imported, which is fine — the cache works the same.
 */
export async function enableMetrics(registry?: unknown): Promise<MetricsState> {
  if (state === "off") state = "loading";
  let prom: typeof import("prom-client");
  try {
    prom = await import("prom-client");
  } catch {
    state = "unavailable";
    return state;
  }
  const target = (registry ?? prom.register) as RegistryLike & object;
  if (registered.has(target)) return (state = "on");
  registered.add(target);

  if (!target.getSingleMetric(METRIC_NAMES.hitRate)) {
    new prom.Gauge({
      name: METRIC_NAMES.hitRate,
      help: "Cache hit rate per prefix: hits / (hits + misses) since the last stats reset",
      labelNames: ["prefix"],
      registers: [target as never],
      collect() {
        for (const [prefix, s] of Object.entries(source())) this.set({ prefix }, s.hitRate);
      },
    });
  }
  const counter = (name: string, help: string, read: (s: PrefixReport) => number) => {
    if (target.getSingleMetric(name)) return;
    const reported = new Map<string, number>();
    new prom.Counter({
      name,
      help,
      labelNames: ["prefix"],
      registers: [target as never],
      collect() {
        for (const [prefix, s] of Object.entries(source())) {
          const now = read(s);
          const before = reported.get(prefix) ?? 0;
          // After resetStats() the count starts again from zero; a counter only grows, so rebase.
          const delta = now >= before ? now - before : now;
          if (delta > 0) this.inc({ prefix }, delta);
          // Every prefix is exported, at 0 until it has something to count.
          else if (!reported.has(prefix)) this.inc({ prefix }, 0);
          reported.set(prefix, now);
        }
      },
    });
  };
  counter(METRIC_NAMES.callsSaved, "Calls answered without running load (cache hits and joined in-flight loads)", (s) => s.callsSaved);
  counter(
    METRIC_NAMES.uncacheable,
    "Calls that ran load without caching because their arguments or result are not plain data (class instances, functions…)",
    (s) => s.uncacheable ?? 0,
  );
  if (!target.getSingleMetric(METRIC_NAMES.latency)) target.registerMetric(latencyHistogram());
  state = "on";
  return state;
}

/**
 * A histogram read straight from the stats buckets (same bounds as the snapshot, in seconds). It starts again
 * from zero after resetStats(), which Prometheus treats as a counter reset.
 */
function latencyHistogram(): object {
  const name = METRIC_NAMES.latency;
  const help = "Latency of cache hits and of loads (the real call), per prefix";
  const get = async () => {
    const values: Array<{ labels: Record<string, string | number>; value: number; metricName: string }> = [];
    for (const [prefix, s] of Object.entries(source())) {
      for (const [kind, lat] of [["hit", s.hitLatency], ["load", s.loadLatency]] as const) {
        let cumulative = 0;
        lat.buckets.forEach((n, i) => {
          cumulative += n;
          const le = i < LATENCY_BUCKETS_MS.length ? String(LATENCY_BUCKETS_MS[i]! / 1000) : "+Inf";
          values.push({ labels: { prefix, kind, le }, value: cumulative, metricName: `${name}_bucket` });
        });
        values.push({ labels: { prefix, kind }, value: lat.sumMs / 1000, metricName: `${name}_sum` });
        values.push({ labels: { prefix, kind }, value: lat.count, metricName: `${name}_count` });
      }
    }
    return { name, help, type: "histogram", aggregator: "sum", values };
  };
  return { name, help, type: "histogram", aggregator: "sum", get, reset() {}, labelNames: ["prefix", "kind"] };
}
