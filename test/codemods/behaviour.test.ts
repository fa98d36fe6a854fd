// Behaviour: every rewritable shape runs before and after the rewrite on an instrumented async double
// (records calls, random delays) — equal results, equal calls, fewer milliseconds, never more than the
// batch size in flight.
import { describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { CODEMODS } from "../../codemods/index.js";
import { planText, type PlanOptions } from "../../src/migrate/plan.js";
import { mapBatched } from "../../src/runtime/map-batched.js";

interface Double {
  get(url: string, init?: unknown): Promise<{ data: { url: string; n: number } }>;
  calls: string[];
  inFlight: number;
  maxInFlight: number;
}

function makeDouble(delay: [number, number] = [3, 9]): Double {
  const d: Double = {
    calls: [],
    inFlight: 0,
    maxInFlight: 0,
    async get(url: string) {
      d.calls.push(url);
      d.inFlight++;
      d.maxInFlight = Math.max(d.maxInFlight, d.inFlight);
      await new Promise((r) => setTimeout(r, delay[0] + Math.random() * (delay[1] - delay[0])));
      d.inFlight--;
      let n = 0;
      for (const ch of url) n = (n * 31 + ch.charCodeAt(0)) % 1000;
      return { data: { url, n } };
    },
  };
  return d;
}

function load(source: string, double: Double): { run: (input: unknown) => Promise<unknown> } {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
  const module = { exports: {} as Record<string, unknown> };
  const require = (name: string) => {
    if (name === "axios") return { __esModule: true, default: double, get: double.get };
    if (name === "optimigrate/runtime") return { mapBatched };
    throw new Error(`unexpected require ${name}`);
  };
  new Function("module", "exports", "require", js)(module, module.exports, require);
  return module.exports as never;
}

async function measure(source: string, input: unknown, delay?: [number, number]) {
  const double = makeDouble(delay);
  const { run } = load(source, double);
  const started = performance.now();
  const result = await run(typeof input === "function" ? (input as () => unknown)() : structuredClone(input));
  return { result, ms: performance.now() - started, calls: double.calls, maxInFlight: double.maxInFlight };
}

const ids = Array.from({ length: 23 }, (_, i) => (i % 7 === 3 ? "" : `id${i}`));
/** `startsUnawaited`: the original itself leaves calls running (pushes promises), so in-flight counts say nothing. */
const CASES: { name: string; codemod?: string; options?: Partial<PlanOptions>; input: unknown; source: string; startsUnawaited?: boolean; delay?: [number, number] }[] = [
  {
    name: "for-of with an accumulator",
    input: ids,
    source: `import axios from "axios";
export async function run(ids: string[]) {
  const out = [];
  for (const id of ids) {
    const { data } = await axios.get("/u/" + id);
    out.push({ id, n: data.n });
  }
  return out;
}`,
  },
  {
    name: "continue with an accumulator",
    input: ids,
    source: `import axios from "axios";
export async function run(ids: string[]) {
  const out: unknown[] = [];
  for (const id of ids) {
    if (!id) continue;
    out.push((await axios.get("/p/" + id)).data);
  }
  return out;
}`,
  },
  {
    name: "index loop",
    input: ids,
    source: `import axios from "axios";
export async function run(ids: string[]) {
  const statuses: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const res = await axios.get("/s/" + i + "/" + ids[i]);
    statuses.push(res.data.n + i);
  }
  return statuses;
}`,
  },
  {
    name: "inclusive index loop from 1",
    input: 21,
    source: `import axios from "axios";
export async function run(last: number) {
  const pages = [];
  for (let page = 1; page <= last; page++) {
    pages.push((await axios.get("/page/" + page)).data);
  }
  return pages;
}`,
  },
  {
    name: "index loop with a bound that is not a whole number",
    input: 23.5,
    source: `import axios from "axios";
export async function run(n: number) {
  const seen = [];
  for (let i = 0.5; i < n; i++) {
    seen.push((await axios.get("/f/" + i)).data.n);
  }
  return seen;
}`,
  },
  {
    name: "for-in over an object",
    input: Object.fromEntries(ids.map((id, i) => [`k${i}`, id])),
    source: `import axios from "axios";
export async function run(byKey: Record<string, string>) {
  const out = [];
  for (const key in byKey) {
    const { data } = await axios.get("/k/" + key + "/" + byKey[key]);
    out.push([key, data.n]);
  }
  return out;
}`,
  },
  {
    name: "for-of over a Map with destructuring",
    input: () => new Map(ids.map((id, i) => [`from${i}`, id])),
    source: `import axios from "axios";
export async function run(pairs: Map<string, string>) {
  const rates = [];
  for (const [from, to] of pairs) {
    const { data } = await axios.get("/fx/" + from + "/" + to);
    rates.push({ from, to, rate: data.n });
  }
  return rates;
}`,
  },
  {
    name: "writes a property of its own item",
    input: ids.map((id) => ({ id })),
    source: `import axios from "axios";
export async function run(items: { id: string; n?: number }[]) {
  for (const item of items) {
    const res = await axios.get("/i/" + item.id);
    item.n = res.data.n;
  }
  return items;
}`,
  },
  {
    name: "pushes promises, not their values",
    input: ids,
    startsUnawaited: true,
    source: `import axios from "axios";
export async function run(ids: string[]) {
  const pending: Promise<unknown>[] = [];
  for (const id of ids) {
    await axios.get("/head/" + id);
    pending.push(axios.get("/detail/" + id));
  }
  const kinds = pending.map((p) => p instanceof Promise);
  return { kinds, values: await Promise.all(pending) };
}`,
  },
  {
    name: "pool style (mapBatched)",
    options: { batchStyle: "pool" },
    input: ids,
    source: `import axios from "axios";
export async function run(ids: string[]) {
  const out = [];
  for (const id of ids) {
    if (!id) continue;
    out.push((await axios.get("/pool/" + id)).data.n);
  }
  return out;
}`,
  },
  {
    name: "parallel awaits",
    codemod: "parallel-awaits",
    delay: [25, 35], // three calls: long enough that timer jitter on a busy machine cannot hide the gain
    input: "x",
    source: `import axios from "axios";
export async function run(id: string) {
  const a = await axios.get("/a/" + id);
  const b = await axios.get("/b/" + id);
  const c = await axios.get("/c/" + id);
  return [a.data, b.data, c.data];
}`,
  },
];

describe("rewritten code behaves like the original", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const codemod = CODEMODS.find((m) => m.name === (c.codemod ?? "batch-loops"))!;
      const options: PlanOptions = { codemods: [codemod], batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false, ...c.options };
      const plan = planText("case.ts", c.source, options);
      expect(plan.updated, "the case must be rewritten").toBeDefined();
      const before = await measure(c.source, c.input, c.delay);
      const after = await measure(plan.updated!, c.input, c.delay);
      expect(after.result).toEqual(before.result);
      // the same calls (a body that awaits twice interleaves its second calls, so compare them as a multiset)
      expect([...after.calls].sort()).toEqual([...before.calls].sort());
      if (!c.startsUnawaited) {
        expect(before.maxInFlight).toBe(1);
        expect(after.maxInFlight).toBeGreaterThan(1);
        expect(after.maxInFlight).toBeLessThanOrEqual(10);
      }
      expect(after.ms).toBeLessThan(before.ms);
    });
  }
});
