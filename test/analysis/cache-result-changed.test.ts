// cache-result-changed: a caller of the same class or module that changes the (frozen) cached result.
import { describe, expect, it } from "vitest";
import { CODEMODS } from "../../codemods/index.js";
import { planText } from "../../src/migrate/plan.js";

const plan = (source: string) => planText("/repo/src/orders.ts", source, { codemods: CODEMODS.filter((c) => c.name === "cache-wrap"), batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false });
const reasonIds = (source: string) => plan(source).skips.flatMap((s) => s.reasons.map((r) => r.id));

const withCaller = (caller: string) => `import axios from "axios";
export async function getOrder(id: string) {
  const { data } = await axios.get("https://api.example.com/orders/" + id);
  return data as { id: string; items: string[]; note?: string };
}
function normalize(order: { note?: string }) {
  order.note = order.note ?? "";
}
function describeOrder(order: { id: string }) {
  return "order " + order.id;
}
export async function handle(id: string) {
${caller}
}
function isNoted(order: { note?: string }) {
  order.note ??= "";
  return true;
}
`;

/** The function is left unwrapped, with the reason naming the line of the change. */
function expectRefused(caller: string, line: RegExp): void {
  const result = plan(withCaller(caller));
  const r = result.skips.flatMap((s) => s.reasons).find((x) => x.id === "cache-result-changed");
  expect(r?.message).toMatch(line);
  expect(result.updated).toBeUndefined();
}

describe("a caller that changes the result (cache-result-changed)", () => {
  it.each([
    ["a member write", "  const order = await getOrder(id);\n  order.note = 'x';\n  return order;"],
    ["a mutating method", "  const order = await getOrder(id);\n  order.items.push('gift');"],
    ["a destructured part", "  const { items } = await getOrder(id);\n  items.sort();"],
    ["Object.assign into it", "  const order = await getOrder(id);\n  return Object.assign(order, { seen: true });"],
    ["delete", "  const order = await getOrder(id);\n  delete order.note;"],
    ["a local function that changes it", "  normalize(await getOrder(id));"],
    ["an API call", "  const order = await getOrder(id);\n  await axios.post('https://api.example.com/audit', order);"],
    ["a function the analysis cannot see", "  const order = await getOrder(id);\n  await (globalThis as any).enrich(order);"],
    ["a predicate-named local function that changes it", "  isNoted(await getOrder(id));"],
    ["Express's res.render, which writes `_locals` into its locals", "  const res = (globalThis as any).res, order = await getOrder(id);\n  res.render('order', order);"],
    ["in a then-callback", "  return getOrder(id).then((order) => {\n    order.items.sort();\n    return order;\n  });"],
    ["a lodash function that changes its argument", "  const set = require('lodash/set');\n  set(await getOrder(id), 'note', 'x');"],
    ["behind a default", "  const order = (await getOrder(id)) ?? { id, items: [] };\n  order.items.push('gift');"],
  ])("%s is refused, naming the caller's code and line", (_, caller) => expectRefused(caller, /line 1[3-4]\b/));

  it.each([
    ["an alias of it", "  const order = await getOrder(id);\n  const same = order;\n  same.note = 'x';"],
    ["a member kept under another name", "  const order = await getOrder(id);\n  const items = order.items;\n  items.push('gift');"],
    ["wrapped in an object first", "  const view = { order: await getOrder(id), seen: [] as string[] };\n  view.order.items.push('gift');"],
    ["destructured from the object it was wrapped in", "  const view = { order: await getOrder(id) };\n  const { order } = view;\n  delete order.note;"],
  ])("%s is refused too, naming where it is changed", (_, caller) => expectRefused(caller, /line 1[4-5]\b/));

  it.each([
    ["returning it", "  return getOrder(id);"],
    ["reading it", "  const order = await getOrder(id);\n  return order.items.map((i) => i.toUpperCase());"],
    ["a pure local function", "  return describeOrder(await getOrder(id));"],
    ["pushing it into a list", "  const orders = [];\n  orders.push(await getOrder(id));\n  return orders;"],
    ["JSON.stringify", "  return JSON.stringify(await getOrder(id));"],
    ["a response serializer (res.json, res.send, reply.send)", "  const { res, reply } = globalThis as any;\n  const order = await getOrder(id);\n  res.status(200).json(order);\n  res.send(order);\n  reply.send(order);"],
    ["Response.json", "  return Response.json(await getOrder(id));"],
    ["a predicate it cannot see", "  const order = await getOrder(id);\n  if ((globalThis as any).E.isLeft(order)) return;\n  return order;"],
    ["a test assertion", "  const order = await getOrder(id);\n  expect(order).toEqual({ id });\n  assert.deepStrictEqual(order, { id });"],
    ["a copy that is changed", "  const order = { ...(await getOrder(id)) };\n  order.note = 'x';\n  return order;"],
    ["a lodash deep clone of a part, then changed", "  const cloneDeep = require('lodash/cloneDeep');\n  const { items } = await getOrder(id);\n  const mine = cloneDeep(items);\n  mine.push('gift');\n  return mine;"],
    ["an alias that is only read", "  const order = await getOrder(id);\n  const items = order.items;\n  return items.length;"],
    ["another member of the object it was wrapped in changed", "  const view = { order: await getOrder(id), seen: [] as string[] };\n  view.seen.push('x');\n  return view;"],
  ])("%s stays safe", (_, caller) => {
    expect(reasonIds(withCaller(caller))).not.toContain("cache-result-changed");
    expect(plan(withCaller(caller)).updated).toContain('cached("order"');
  });

  it("a method counts only callers of this class: `this.getX(…)`", () => {
    const source = `import axios from "axios";
export class Orders {
  async getOrder(id: string) {
    const { data } = await axios.get("https://api.example.com/orders/" + id);
    return data as { note?: string };
  }
}
export async function getOrder(id: string) { return { id }; }
export async function other() { const o: { note?: string } = await getOrder("1"); o.note = "x"; }
`;
    expect(reasonIds(source)).not.toContain("cache-result-changed");
  });
});
