// cache-wrap behaviour: wrapped functions run on the REAL runtime against a counting double. A second
// identical call does not reach the double, calls with different arguments (any parameter shape) never
// share a result, errors are not cached, `this` and `arguments` still work; and the migrated files
// type-check (strictly for self-contained sources, no new diagnostics for every fixture output).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Project, ts } from "ts-morph";
import { CODEMODS } from "../../codemods/index.js";
import { planText, type PlanOptions } from "../../src/migrate/plan.js";
import { createCache, type Cache } from "../../src/runtime/index.js";

const cacheWrap = CODEMODS.find((c) => c.name === "cache-wrap")!;
const options: PlanOptions = { codemods: [cacheWrap], batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false };

interface Double {
  calls: string[];
  failNext: number;
  get(url: string, init?: { params?: unknown }): Promise<{ data: { url: string; params?: unknown; n: number } }>;
}

function makeDouble(): Double {
  const d: Double = {
    calls: [],
    failNext: 0,
    async get(url, init) {
      d.calls.push(url + (init?.params ? ` ${JSON.stringify(init.params)}` : ""));
      await new Promise((r) => setTimeout(r, 1));
      if (d.failNext > 0) {
        d.failNext--;
        throw new Error(`upstream failed for ${url}`);
      }
      return { data: { url, params: init?.params, n: d.calls.length } };
    },
  };
  return d;
}

const caches: Cache[] = [];
afterAll(async () => {
  await Promise.all(caches.map((c) => c.close()));
});

function migrate(source: string): string {
  const plan = planText("service.ts", source, options);
  expect(plan.skips.map((s) => s.reasons.map((r) => r.id))).toEqual([]);
  expect(plan.updated, "the source must be rewritten").toBeDefined();
  return plan.updated!;
}

function load(source: string, double: Double): Record<string, any> {
  const cache = createCache({ redisUrl: null });
  caches.push(cache);
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
  const module = { exports: {} as Record<string, unknown> };
  const require = (name: string) => {
    if (name === "axios") return { __esModule: true, default: double, get: double.get };
    if (name === "optimigrate/runtime") return { cached: cache.cached.bind(cache) };
    throw new Error(`unexpected require ${name}`);
  };
  new Function("module", "exports", "require", js)(module, module.exports, require);
  return module.exports;
}

describe("wrapped functions on the real runtime", () => {
  it("a second identical call does not reach the double; different arguments never share a result", async () => {
    const double = makeDouble();
    const mod = load(migrate(`import axios from "axios";
export async function getUserProfile(id: string) {
  const { data } = await axios.get("/users/" + id);
  return data;
}`), double);
    const a1 = await mod.getUserProfile("1");
    const a2 = await mod.getUserProfile("1");
    expect(a2).toEqual(a1);
    expect(double.calls).toEqual(["/users/1"]);
    const b = await mod.getUserProfile("2");
    expect(b.url).toBe("/users/2");
    expect(double.calls).toEqual(["/users/1", "/users/2"]);
  });

  it("errors are not cached: the next call reaches the double again", async () => {
    const double = makeDouble();
    const mod = load(migrate(`import axios from "axios";
export const fetchQuote = async (symbol: string) => (await axios.get("/quotes/" + symbol)).data;`), double);
    double.failNext = 1;
    await expect(mod.fetchQuote("ACME")).rejects.toThrow("upstream failed");
    const ok = await mod.fetchQuote("ACME");
    expect(ok.url).toBe("/quotes/ACME");
    await mod.fetchQuote("ACME");
    expect(double.calls).toEqual(["/quotes/ACME", "/quotes/ACME"]);
  });

  it("destructured, default and rest parameters all go into the key", async () => {
    const double = makeDouble();
    const mod = load(migrate(`import axios from "axios";
export async function fetchSearch({ term, page = 1 }: { term: string; page?: number }, ...tags: string[]) {
  const { data } = await axios.get("/search", { params: { term, page, tags } });
  return data;
}`), double);
    const calls: [unknown, ...string[]][] = [[{ term: "a" }], [{ term: "a", page: 1 }], [{ term: "a", page: 2 }], [{ term: "b" }], [{ term: "a" }, "x"], [{ term: "a" }, "x", "y"], [{ term: "a" }, "y"]];
    const results = [];
    for (const args of calls) results.push(await mod.fetchSearch(...args));
    // { term: "a" } and { term: "a", page: 1 } are the same call after the default: one entry
    expect(double.calls).toHaveLength(6);
    expect(results[1]).toEqual(results[0]);
    const distinct = new Set(results.map((r) => JSON.stringify(r.params)));
    expect(distinct.size).toBe(6);
    for (const [i, args] of calls.entries()) expect(results[i].params).toEqual({ term: (args[0] as { term: string }).term, page: (args[0] as { page?: number }).page ?? 1, tags: args.slice(1) });
  });

  it("methods keep `this`; `arguments` beyond the parameters are in the key", async () => {
    const double = makeDouble();
    const mod = load(migrate(`import axios from "axios";
export class Catalog {
  constructor(private readonly http: { get(url: string): Promise<{ data: unknown }> }) {}
  async getProduct(id: string) {
    const res = await this.http.get("/catalog/" + id);
    return res.data;
  }
}
export async function getLegacy(id) {
  const version = arguments.length > 1 ? arguments[1] : "latest";
  return (await axios.get("/legacy/" + id + "/" + version)).data;
}`), double);
    const catalog = new mod.Catalog(double);
    expect((await catalog.getProduct("p1")).url).toBe("/catalog/p1");
    await catalog.getProduct("p1");
    expect(double.calls).toEqual(["/catalog/p1"]);
    expect((await mod.getLegacy("r", "v1")).url).toBe("/legacy/r/v1");
    expect((await mod.getLegacy("r", "v2")).url).toBe("/legacy/r/v2");
    expect((await mod.getLegacy("r")).url).toBe("/legacy/r/latest");
    await mod.getLegacy("r", "v1");
    expect(double.calls).toEqual(["/catalog/p1", "/legacy/r/v1", "/legacy/r/v2", "/legacy/r/latest"]);
  });

  it("a cached result is ten times faster than the call it saves", async () => {
    const slow = makeDouble();
    const get = slow.get;
    slow.get = async (url, init) => {
      await new Promise((r) => setTimeout(r, 20));
      return get(url, init);
    };
    const mod = load(migrate(`import axios from "axios";
export async function getReport(month: string) {
  return (await axios.get("/reports/" + month)).data;
}`), slow);
    let t = performance.now();
    await mod.getReport("2026-10");
    const miss = performance.now() - t;
    t = performance.now();
    await mod.getReport("2026-10");
    const hit = performance.now() - t;
    expect(hit * 10).toBeLessThan(miss);
  });
});

describe("migrated files type-check", () => {
  const dir = mkdtempSync(join(tmpdir(), "optimigrate-cachewrap-tc-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const runtimeTypes = join(import.meta.dirname, "../../src/runtime/index.ts");
  const project = () =>
    new Project({
      compilerOptions: { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, skipLibCheck: true, allowJs: true, paths: { "optimigrate/runtime": [runtimeTypes] }, types: ["node"] },
    });
  // one program for every file (each program costs seconds on a shared machine)
  const diagnosticsOf = (files: Record<string, string>): Record<string, string[]> => {
    const p = project();
    const added = Object.entries(files).map(([file, text]) => {
      const path = join(dir, file);
      writeFileSync(path, text);
      return [file, p.addSourceFileAtPath(path)] as const;
    });
    p.resolveSourceFileDependencies();
    const program = p.getProgram().compilerObject;
    return Object.fromEntries(added.map(([file, sf]) => [file, [...program.getSyntacticDiagnostics(sf.compilerNode), ...program.getSemanticDiagnostics(sf.compilerNode)].map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "))]));
  };
  const diagnostics = (file: string, text: string): string[] => diagnosticsOf({ [file]: text })[file]!;

  it("a self-contained service: no diagnostics before or after", () => {
    const source = `interface User { id: string; name: string }
declare const apiClient: { get<T>(url: string): Promise<{ data: T }> };
export class UserService {
  constructor(private readonly prefix: string) {}
  /** One user. */
  async getUser(id: string, opts: { expand?: boolean } = {}): Promise<User> {
    const { data } = await apiClient.get<User>(\`/users/\${id}?expand=\${opts.expand ?? false}\`);
    return data;
  }
}
export function getTeam(id: string): Promise<User[]>;
export function getTeam(id: number): Promise<User[]>;
export async function getTeam(id: string | number): Promise<User[]> {
  if (typeof id === "number") return [];
  return (await apiClient.get<User[]>("/teams/" + id)).data;
}
export const fetchNames = async (...ids: string[]) => (await apiClient.get<User[]>("/users?ids=" + ids.join(","))).data.map((u) => u.name);
`;
    expect(diagnostics("before.ts", source)).toEqual([]);
    const migrated = migrate(source);
    expect(migrated.match(/optimigrate: cached/g)).toHaveLength(3);
    expect(diagnostics("after.ts", migrated)).toEqual([]);
  });

  const fixtures = join(import.meta.dirname, "../../fixtures/cache-wrap");
  const outputs = readdirSync(fixtures).filter((f) => /\.output\.ts$/.test(f));
  it(`every fixture output (${outputs.length}) adds no diagnostics to its input`, () => {
    const text = (f: string) => readFileSync(join(fixtures, f), "utf8").replace(/from "\.\/helpers\//g, `from "${fixtures}/helpers/`);
    const files: Record<string, string> = {};
    for (const output of outputs) {
      files[`case-${output}`] = text(output);
      files[`case-${output.replace(".output.", ".input.")}`] = text(output.replace(".output.", ".input."));
    }
    const found = diagnosticsOf(files);
    expect(outputs.length).toBeGreaterThanOrEqual(20);
    for (const output of outputs) {
      const after = found[`case-${output}`]!;
      expect(after.length, `${output}: ${after.join("; ")}`).toBeLessThanOrEqual(found[`case-${output.replace(".output.", ".input.")}`]!.length);
    }
  });
});

describe("cache-wrap fixture counts", () => {
  it("at least 30 cases, at least half of them refusals with their reason", () => {
    const dir = join(import.meta.dirname, "../../fixtures/cache-wrap");
    const inputs = readdirSync(dir).filter((f) => f.includes(".input."));
    const refused = inputs.filter((f) => /^\/\/ reason: /.test(readFileSync(join(dir, f), "utf8")));
    expect(inputs.length).toBeGreaterThanOrEqual(30);
    expect(refused.length * 2).toBeGreaterThanOrEqual(inputs.length);
  });
});
