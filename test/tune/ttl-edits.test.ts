import { describe, expect, it } from "vitest";
import { applyTtlEdits, parseSource, planTtlEdits, type TtlTarget } from "../../src/tune/ttl-edits.js";

const targets = new Map<string, TtlTarget>([
  ["user_profile", { from: 300, to: 450 }],
  ["search_results", { from: 600, to: 300 }],
]);

function rewrite(text: string, file = "src/a.ts") {
  const plan = planTtlEdits(file, text, targets);
  return { plan, output: applyTtlEdits(text, plan.edits) };
}

describe("planTtlEdits", () => {
  it("rewrites only the ttl literal of matching cached() calls, keeping everything else byte for byte", () => {
    const input = [
      'import { cached } from "optimigrate/runtime";',
      "",
      "export async function getUserProfile(id: string) {",
      '  return cached("user_profile", [id], { ttl: 300 /* user data */ }, async () => {',
      "    return (await api.get(`/users/${id}`)).data;",
      "  });",
      "}",
      "export const getOrders = (id: string) => cached('orders', [id], { ttl: 300 }, () => load(id));",
      "export const search = (q: string) => cached(`search_results`, [q], { tag: 's', ttl: 600 }, () => find(q));",
      "",
    ].join("\n");
    const { plan, output } = rewrite(input);
    expect(plan.edits.map((e) => [e.prefix, e.line, e.from, e.to])).toEqual([
      ["user_profile", 4, 300, 450],
      ["search_results", 9, 600, 300],
    ]);
    expect(output).toBe(input.replace("{ ttl: 300 /* user data */ }", "{ ttl: 450 /* user data */ }").replace("ttl: 600 }", "ttl: 300 }"));
    expect(parseSource("src/a.ts", output).error).toBeUndefined();
  });

  it("is idempotent: a second pass finds the calls already at the recommended TTL", () => {
    const input = 'cached("user_profile", [id], { ttl: 300 }, load);\n';
    const once = rewrite(input).output;
    const twice = rewrite(once);
    expect(twice.plan.edits).toEqual([]);
    expect(twice.plan.unchanged).toBe(1);
    expect(twice.output).toBe(once);
  });

  it.each([
    ['cached("user_profile", [id], opts, load)', /not an object literal/],
    ['cached("user_profile", [id], {}, load)', /no ttl property/],
    ['cached("user_profile", [id], { ttl }, load)', /not a plain/],
    ['cached("user_profile", [id], { ttl: 5 * 60 }, load)', /expression \(5 \* 60\)/],
    ['cached("user_profile", [id], { ttl: TTL.user }, load)', /expression/],
    ['cached("user_profile", [id], { ttl: 120 }, load)', /ttl 120 is not the 300 s the stats were measured with/],
  ])("skips %s with a reason", (code, reason) => {
    const { plan, output } = rewrite(`${code};\n`);
    expect(plan.edits).toEqual([]);
    expect(plan.skipped).toHaveLength(1);
    expect(plan.skipped[0]!.reason).toMatch(reason);
    expect(output).toBe(`${code};\n`);
  });

  it("follows a renamed import and method calls, ignores other functions and prefixes", () => {
    const input = [
      'import { cached as withCache } from "optimigrate/runtime";',
      'withCache("user_profile", [id], { ttl: 300 }, load);',
      'cache.cached("search_results", [q], { ttl: 600 }, load);',
      'memo("user_profile", [id], { ttl: 300 }, load);',
      'cached("other", [id], { ttl: 300 }, load);',
      'cached(prefix, [id], { ttl: 300 }, load);',
    ].join("\n");
    expect(rewrite(input).plan.edits.map((e) => e.line)).toEqual([2, 3]);
  });

  it("keeps numeric separators, and handles JSX files", () => {
    expect(rewrite('cached("search_results", [], { ttl: 600 }, f);').output).toContain("ttl: 300 }");
    const big = new Map([["r", { from: 3_600, to: 5_400 }]]);
    const plan = planTtlEdits("a.tsx", 'const x = <div />; cached("r", [], { ttl: 3_600 }, f);', big);
    expect(applyTtlEdits('const x = <div />; cached("r", [], { ttl: 3_600 }, f);', plan.edits)).toContain("ttl: 5_400");
  });

  it("plans nothing for a file that does not parse", () => {
    const plan = planTtlEdits("bad.ts", 'cached("user_profile", [id], { ttl: 300 }, load;\nfunction (', targets);
    expect(plan.parseError).toMatch(/^\d+:\d+: /);
    expect(plan.edits).toEqual([]);
  });
});

describe("the TTL rewrite as a migrate-engine codemod", () => {
  it("plans through planText: edits carry prefix and TTLs, skips carry the reason, a second pass is a no-op", async () => {
    const { planText } = await import("../../src/migrate/plan.js");
    const { ttlCodemod, isTtlEdit, isTtlSkip } = await import("../../src/tune/ttl-codemod.js");
    let unchanged = 0;
    const options = { codemods: [ttlCodemod(targets, (n) => (unchanged += n))], batchSize: 10, batchStyle: "slices" as const, cacheModule: "optimigrate/runtime", includeReview: false };
    const input = '\uFEFFcached("user_profile", [id], { ttl: 300 }, load);\r\ncached("search_results", [q], { ttl: TEN }, load);\r\n';
    const first = planText("a.ts", input, options);
    expect(first.updated).toBe('\uFEFFcached("user_profile", [id], { ttl: 450 }, load);\r\ncached("search_results", [q], { ttl: TEN }, load);\r\n');
    expect(first.edits.filter(isTtlEdit).map((e) => [e.prefix, e.line, e.from, e.to, e.before, e.after])).toEqual([["user_profile", 1, 300, 450, "300", "450"]]);
    expect(first.skips.filter(isTtlSkip).map((s) => [s.prefix, s.line, s.reasons[0]!.message])).toEqual([["search_results", 2, expect.stringMatching(/ttl is an expression \(TEN\)/)]]);
    const second = planText("a.ts", first.updated!, options);
    expect(second.updated).toBeUndefined();
    expect(unchanged).toBe(1);
  });
});
