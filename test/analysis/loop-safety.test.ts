// The loop-safety table: snippet -> safety and the reason ids expected (ESLint-style). Reviewers read this first.
import { describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { analyzeLoop, findAwaitingLoops } from "../../src/analysis/loop-safety.js";

interface Case {
  name: string;
  code: string;
  safety: "safe" | "review" | "unsafe";
  /** Reason ids that must be present (for safe: none at all). */
  reasons?: string[];
  /** The reason ids must be exactly `reasons`. */
  only?: boolean;
  /** Reason ids that must not be given. */
  absent?: string[];
  /** What the first reason says. */
  message?: RegExp;
}

const HEADER = `import axios from "axios";
declare const prisma: any; declare const pool: any; declare const knex: any; declare const res: any;
declare function sleep(ms: number): Promise<void>;
async function fetchUser(id: string) { const r = await axios.get(\`/users/\${id}\`); return r.data; }
`;

const cases: Case[] = [
  { name: "for-of read into accumulator", safety: "safe", code: `async function f(ids: string[]) { const out = []; for (const id of ids) { const u = await fetchUser(id); out.push(u); } return out; }` },
  { name: "for-of prisma read, push await", safety: "safe", code: `async function f(ids: string[]) { const out: unknown[] = []; for (const id of ids) { out.push(await prisma.user.findUnique({ where: { id } })); } return out; }` },
  { name: "index loop over array", safety: "safe", code: `async function f(ids: string[]) { for (let i = 0; i < ids.length; i++) { await fetchUser(ids[i]); } }` },
  { name: "for-in keys", safety: "safe", code: `async function f(byId: Record<string, string>) { for (const key in byId) { await fetchUser(byId[key]); } }` },
  { name: "continue becomes return", safety: "safe", code: `async function f(ids: string[]) { for (const id of ids) { if (!id) continue; await fetchUser(id); } }` },
  { name: "a helper that sets the item's own property", safety: "safe", code: `async function enrich(u: { id: string; profile?: unknown }) { u.profile = await fetchUser(u.id); } async function f(users: { id: string; profile?: unknown }[]) { for (const user of users) { await enrich(user); } }` },
  { name: "writes own item property", safety: "safe", code: `async function f(users: { id: string; profile?: unknown }[]) { for (const user of users) { user.profile = await fetchUser(user.id); } }` },
  { name: "local let inside body", safety: "safe", code: `async function f(ids: string[]) { for (const id of ids) { let n = 0; n += 1; const u = await fetchUser(id); n += u.length; } }` },
  { name: "skips an item that fails (catch + continue in for…of)", safety: "safe", code: `async function f(ids: string[]) { for (const id of ids) { try { await fetchUser(id); } catch { continue; } } }` },
  { name: "path helpers are pure", safety: "safe", code: `import { join } from "node:path"; async function f(ids: string[]) { for (const id of ids) { await fetchUser(join("users", id)); } }` },
  { name: "lodash helpers are pure", safety: "safe", code: `import _ from "lodash"; import { upperFirst } from "lodash-es"; async function f(ids: string[]) { for (const id of ids) { await fetchUser(_.upperFirst(upperFirst(id))); } }` },
  { name: "an SDK client's send() is a call, not output; building a required command is nothing", safety: "review", reasons: ["opaque-call"], only: true, code: `const { StopJobCommand } = require("@aws-sdk/client-amplify"); async function f(ids: string[], amplifyClient: any) { for (const id of ids) { await amplifyClient.send(new StopJobCommand({ jobId: id })); } }` },
  { name: "a hash node:crypto makes changes nothing outside", safety: "safe", code: `import crypto from "node:crypto"; async function f(ids: string[]) { for (const id of ids) { await fetchUser(crypto.createHash("sha256").update(id).digest("hex")); } }` },
  { name: "so does one made by a named import", safety: "safe", code: `import { createHmac } from "crypto"; async function f(ids: string[]) { for (const id of ids) { const sig = createHmac("sha256", "k").update(id).digest("base64"); await fetchUser(sig); } }` },
  { name: "an opaque call named like a write says so", safety: "review", reasons: ["loop-write-named-call"], only: true, code: `import { trackEvent } from "@acme/analytics"; async function f(ids: string[]) { for (const id of ids) { await fetchUser(id); trackEvent("user_loaded", { id }); } }` },
  { name: "date-fns arithmetic is pure", safety: "safe", code: `import { addMinutes } from "date-fns"; async function f(ids: string[], now: Date) { for (const id of ids) { await fetchUser(id + addMinutes(now, 5).toISOString()); } }` },
  { name: "a method of an app's class made right there is a call like any", safety: "review", reasons: ["loop-write-named-call"], code: `declare class OrderService { updateOrderStatus(id: string): Promise<void> } async function f(ids: string[]) { for (const id of ids) { await new OrderService().updateOrderStatus(id); } }` },
  { name: "a method of an object made right there changes only it", safety: "safe", code: `async function f(ids: string[]) { for (const id of ids) { await fetchUser(id + new Date().setDate(1)); } }` },
  { name: "res.send() is output", safety: "review", reasons: ["ordered-output"], code: `async function f(ids: string[], res: any) { for (const id of ids) { res.send(await fetchUser(id)); } }` },
  { name: "a lodash function from its own module is pure", safety: "safe", code: `import cloneDeep from "lodash/cloneDeep"; import pick from "lodash.pick"; async function f(ids: string[]) { for (const id of ids) { await fetchUser(pick(cloneDeep({ id }), "id").id); } }` },
  { name: "…unless it changes its argument, which is then a change to what the loop shares, like seen[id] = …", safety: "unsafe", reasons: ["outer-mutation"], only: true, code: `import set from "lodash/set"; async function f(ids: string[], seen: object) { for (const id of ids) { set(seen, id, await fetchUser(id)); } }` },
  { name: "lodash through import = require() is pure too", safety: "safe", code: `import _ = require("lodash"); async function f(ids: string[]) { for (const id of ids) { if (_.isEmpty(id)) continue; await fetchUser(id); } }` },
  { name: "a lodash helper that changes its argument is not", safety: "unsafe", code: `const _ = require("lodash"); async function f(ids: string[], seen: object) { for (const id of ids) { _.set(seen, id, await fetchUser(id)); } }` },
  { name: "throw inside local try", safety: "safe", code: `async function f(ids: string[]) { const out = []; for (const id of ids) { let u; try { u = await fetchUser(id); if (!u) throw new Error("x"); } catch { u = null; } out.push(u); } return out; }` },

  { name: "a helper that changes an outer object passed to it", safety: "unsafe", reasons: ["shared-object-write"], code: `async function add(t: { sum: number }, id: string) { t.sum += (await fetchUser(id)).length; } async function f(ids: string[]) { const totals = { sum: 0 }; for (const id of ids) { await add(totals, id); } return totals; }` },
  { name: "a helper that pushes into an outer array passed to it", safety: "unsafe", reasons: ["shared-object-write"], code: `function collect(out: unknown[], u: unknown) { out.push(u); } async function f(ids: string[]) { const results: unknown[] = []; for (const id of ids) { collect(results, await fetchUser(id)); } return results; }` },
  { name: "a helper that changes a destructured outer object", safety: "unsafe", reasons: ["shared-object-write"], code: `async function bump({ stats }: { stats: { n: number } }, id: string) { stats.n += (await fetchUser(id)).length; } async function f(ids: string[], ctx: { stats: { n: number } }) { for (const id of ids) { await bump(ctx, id); } }` },
  { name: "sorting a fresh array changes nothing outside", safety: "safe", code: `async function f(groups: string[][]) { for (const g of groups) { await fetchUser(g.filter(Boolean).sort()[0]); } }` },
  { name: "sorting what a method returns is a call, not a change to this", safety: "review", reasons: ["opaque-call"], only: true, code: `class R { source: any; async f(ids: string[]) { for (const id of ids) { await this.source.list({ id }).sort({ at: -1 }); } } }` },
  { name: "a transaction begun and committed by name on a shared request", safety: "unsafe", reasons: ["transaction"], code: `import { initTransaction, commitTransaction } from "payload"; async function f(req: { transactionID?: string }, migrations: { up(r: unknown): Promise<void> }[]) { for (const m of migrations) { await initTransaction(req); await m.up({ req }); await commitTransaction(req); } }` },
  { name: "an opaque call's reason names the awaited one first", safety: "review", reasons: ["opaque-call"], only: true, message: /^calls `store\.lookupRecord\(\)`/, code: `declare const store: { lookupRecord(x: string): Promise<void> }; declare function toSnakeCase(x: string): string; async function f(ids: string[]) { for (const id of ids) { const key = toSnakeCase(id); await store.lookupRecord(key); } }` },
  { name: "a Mongo session handed to the queries", safety: "unsafe", reasons: ["transaction"], code: `async function f(ids: string[], session: unknown) { for (const id of ids) { await prisma.user.findUnique({ where: { id } }, { session }); } }` },
  { name: "a test's session object is data, not a transaction", safety: "safe", code: `async function f(ids: string[], session: { environment: { id: string } }) { for (const id of ids) { await fetchUser(session.environment.id + id); } }` },
  { name: "counter", safety: "unsafe", reasons: ["outer-write"], code: `async function f(ids: string[]) { let total = 0; for (const id of ids) { total += (await fetchUser(id)).length; } return total; }` },
  { name: "previous result", safety: "unsafe", reasons: ["outer-write"], code: `async function f(ids: string[]) { let prev = null; for (const id of ids) { prev = await axios.get(\`/x/\${id}?after=\${prev}\`); } }` },
  { name: "map set", safety: "unsafe", reasons: ["outer-mutation"], code: `async function f(ids: string[]) { const m = new Map(); for (const id of ids) { m.set(id, await fetchUser(id)); } return m; }` },
  { name: "break", safety: "unsafe", reasons: ["break"], code: `async function f(ids: string[]) { for (const id of ids) { const u = await fetchUser(id); if (u) break; } }` },
  { name: "return", safety: "unsafe", reasons: ["return"], code: `async function f(ids: string[]) { for (const id of ids) { const u = await fetchUser(id); if (u) return u; } }` },
  { name: "labelled continue", safety: "unsafe", reasons: ["labelled-continue"], code: `async function f(groups: string[][]) { outer: for (const g of groups) { for (const id of g) { if (!id) continue outer; } await fetchUser(g[0]); } }` },
  { name: "throw outside try", safety: "unsafe", reasons: ["throw"], code: `async function f(ids: string[]) { for (const id of ids) { const u = await fetchUser(id); if (!u) throw new Error("missing " + id); } }` },
  { name: "yield", safety: "unsafe", reasons: ["yield"], code: `async function* f(ids: string[]) { for (const id of ids) { yield await fetchUser(id); } }` },
  { name: "await in head", safety: "unsafe", reasons: ["await-in-head"], code: `async function f(n: number) { for (let i = 0; i < (await count()); i++) { await fetchUser(String(i)); } } declare function count(): Promise<number>;` },
  { name: "collection mutated", safety: "unsafe", reasons: ["collection-mutated"], code: `async function f(queue: string[]) { for (const id of queue) { const u = await fetchUser(id); if (u.parent) queue.push(u.parent); } }` },
  { name: "var in loop", safety: "unsafe", reasons: ["var-in-loop"], code: `async function f(ids: string[]) { for (const id of ids) { var u = await fetchUser(id); } }` },
  { name: "prisma $transaction", safety: "unsafe", reasons: ["transaction"], code: `async function f(ids: string[]) { await prisma.$transaction(async (tx: any) => { for (const id of ids) { await tx.user.update({ where: { id }, data: {} }); } }); }` },
  { name: "pool.connect client", safety: "unsafe", reasons: ["transaction"], code: `async function f(ids: string[]) { const client = await pool.connect(); for (const id of ids) { await client.query("SELECT * FROM users WHERE id = $1", [id]); } client.release(); }` },
  { name: "knex trx", safety: "unsafe", reasons: ["transaction"], code: `async function f(ids: string[], trx: any) { for (const id of ids) { await trx("users").where({ id }).first(); } }` },
  { name: "transaction handed to a helper", safety: "unsafe", reasons: ["transaction"], code: `async function load(trx: any, id: string) { return trx.select("*").from("users").where({ id }); } async function f(ids: string[], trx: any) { for (const id of ids) { await load(trx, id); } }` },
  { name: "pg Client is one connection", safety: "unsafe", reasons: ["transaction"], code: `import { Client } from "pg"; async function f(ids: string[]) { const client = new Client(); for (const id of ids) { await client.query("SELECT 1 WHERE $1", [id]); } }` },
  { name: "promises already running are only collected", safety: "unsafe", reasons: ["promises-already-running"], only: true, code: `async function f(docs: string[]) { const promises = docs.map(async (doc) => fetchUser(doc)); const results = []; for (const promise of promises) { results.push(await promise); } return results; }` },
  { name: "for await over an array says so", safety: "unsafe", reasons: ["for-await-array"], only: true, code: `async function f(ids: string[]) { for await (const id of ids) { await fetchUser(id); } }` },
  { name: "for await", safety: "unsafe", reasons: ["for-await"], code: `async function f(stream: AsyncIterable<string>) { for await (const id of stream) { await fetchUser(id); } }` },
  { name: "cursor pagination", safety: "unsafe", reasons: ["pagination"], code: `async function f() { let cursor: string | undefined = ""; while (cursor !== undefined) { const page = await axios.get("/items?cursor=" + cursor); cursor = page.data.next; } }` },
  { name: "sleep between items", safety: "unsafe", reasons: ["rate-limit"], code: `async function f(ids: string[]) { for (const id of ids) { await fetchUser(id); await sleep(200); } }` },
  { name: "a timeout raced against the request is no rate limiting", safety: "safe", code: `async function f(ids: string[]) { const out = []; for (const id of ids) { out.push(await Promise.race([fetchUser(id), new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), 5000))])); } return out; }` },
  { name: "a scheduled abort is no rate limiting", safety: "safe", code: `async function f(ids: string[]) { const out = []; for (const id of ids) { const controller = new AbortController(); setTimeout(() => controller.abort(), 5000); out.push(await fetchUser(id)); } return out; }` },
  { name: "a returned delay helper still waits", safety: "unsafe", reasons: ["rate-limit"], code: `const pause = (ms: number) => new Promise((r) => setTimeout(r, ms)); async function f(ids: string[]) { for (const id of ids) { await fetchUser(id); await pause(100); } }` },
  { name: "timer promise", safety: "unsafe", reasons: ["rate-limit"], code: `async function f(ids: string[]) { for (const id of ids) { await fetchUser(id); await new Promise((r) => setTimeout(r, 100)); } }` },
  { name: "retry loop", safety: "unsafe", reasons: ["retry"], code: `async function f() { for (let attempt = 0; attempt < 3; attempt++) { try { return await fetchUser("a"); } catch (e) { continue; } } }` },
  { name: "try reads progress", safety: "unsafe", reasons: ["observed-progress"], code: `async function f(ids: string[]) { const done: unknown[] = []; try { for (const id of ids) { done.push(await fetchUser(id)); } } catch (e) { console.error("got", done.length); } return done; }` },
  { name: "nested item write", safety: "unsafe", reasons: ["shared-object-write"], code: `async function f(orders: { customer: { total: number } }[]) { for (const o of orders) { o.customer.total = (await fetchUser("x")).length; } }` },
  { name: "module-level state via helper", safety: "unsafe", reasons: ["outer-write"], code: `let calls = 0; async function load(id: string) { calls++; return fetchUser(id); } async function f(ids: string[]) { for (const id of ids) { await load(id); } }` },
  { name: "accumulator on parameter", safety: "unsafe", reasons: ["accumulator-escapes"], code: `async function f(ids: string[], out: unknown[]) { for (const id of ids) { out.push(await fetchUser(id)); } }` },
  { name: "conditional push", safety: "unsafe", reasons: ["accumulator-shape"], message: /^`out\.push\(…\)` happens only under a condition, so/, code: `async function f(ids: string[]) { const out = []; for (const id of ids) { const u = await fetchUser(id); if (u) out.push(u); } return out; }` },
  { name: "while loop", safety: "unsafe", reasons: ["no-fixed-items"], code: `async function f(q: string[]) { while (q.length) { await fetchUser(q.shift()!); } }` },
  { name: "push before the last statement", safety: "unsafe", reasons: ["accumulator-shape"], message: /^`out\.push\(…\)` is not the last statement of the loop body, so/, code: `async function f(ids: string[]) { const out = []; for (const id of ids) { out.push(await fetchUser(id)); console.log(id); } return out; }` },
  { name: "decrementing index", safety: "unsafe", reasons: ["loop-shape"], code: `async function f(ids: string[]) { for (let i = ids.length - 1; i >= 0; i--) { await fetchUser(ids[i]); } }` },

  { name: "push through a local alias", safety: "unsafe", reasons: ["outer-mutation"], code: `async function f(ids: string[]) { const out: unknown[] = []; for (const id of ids) { const target = out; target.push(await fetchUser(id)); } return out; }` },
  { name: "write through an alias of a nested object", safety: "unsafe", reasons: ["shared-object-write"], code: `async function f(orders: { customer: { total: number } }[]) { for (const o of orders) { const c = o.customer; c.total = (await fetchUser("x")).length; } }` },
  { name: "write through a destructured alias", safety: "unsafe", reasons: ["shared-object-write"], code: `async function f(orders: { customer: { total: number } }[]) { for (const o of orders) { const { customer } = o; customer.total = (await fetchUser("x")).length; } }` },
  { name: "module state via a local alias", safety: "unsafe", reasons: ["outer-mutation"], code: `const seen = new Set<string>(); async function f(ids: string[]) { for (const id of ids) { const s = seen; s.add((await fetchUser(id)).id); } }` },

  { name: "service through a local alias", safety: "review", reasons: ["opaque-call"], code: `class A { svc: any; async f(ids: string[]) { for (const id of ids) { const svc = this.svc; await svc.process(id); } } }` },
  { name: "super call", safety: "review", reasons: ["opaque-call"], code: `class B { async load(id: string) {} } class A extends B { async f(ids: string[]) { for (const id of ids) { await super.load(id); } } }` },
  { name: "method of an awaited value", safety: "review", reasons: ["opaque-call"], code: `declare function getDb(): Promise<any>; async function f(ids: string[]) { for (const id of ids) { await (await getDb()).touch(id); } }` },
  { name: "calls a function value from outside", safety: "review", reasons: ["opaque-call"], code: `declare const handlers: Record<string, () => Promise<void>>; async function f(ids: string[]) { for (const id of ids) { const fn = handlers[id]; await fn(); } }` },
  { name: "tagged sql write", safety: "review", reasons: ["known-write"], code: "declare const sql: any; async function f(ids: string[]) { for (const id of ids) { await sql`UPDATE users SET seen = true WHERE id = ${id}`; } }" },
  { name: "dynamic import", safety: "review", reasons: ["opaque-call"], code: `async function f(names: string[]) { const out = []; for (const n of names) { out.push(await import(n)); } return out; }` },
  { name: "prisma write", safety: "review", reasons: ["known-write"], code: `async function f(ids: string[]) { for (const id of ids) { await prisma.user.update({ where: { id }, data: { seen: true } }); } }` },
  { name: "console output", safety: "review", reasons: ["ordered-output"], code: `async function f(ids: string[]) { for (const id of ids) { const u = await fetchUser(id); console.log(u); } }` },
  { name: "sorted keys, handlers run in that order", safety: "unsafe", reasons: ["ordered-items"], code: `declare const groups: Record<string, () => Promise<void>>; async function f() { const orderedKeys = Object.keys(groups).sort(); for (const key of orderedKeys) { await groups[key]!(); } }` },
  { name: "the statements of one script, run by an opaque client", safety: "unsafe", reasons: ["ordered-items"], code: `async function f(client: { execute(q: string): Promise<void> }, creationStatement: string) { const queries = creationStatement.split(";").filter(Boolean); for (const query of queries) { await client.execute(query); } }` },
  { name: "words split by a comma are no script", safety: "review", reasons: ["unknown-operation"], only: true, code: `async function f(client: { execute(q: string): Promise<void> }, csv: string) { for (const part of csv.split(",")) { await client.execute(part); } }` },
  { name: "a list named for its order, filtered", safety: "unsafe", reasons: ["ordered-items"], code: `declare const SYNC_TYPES_ORDER: string[]; declare const handlers: Record<string, () => Promise<void>>; async function f(types: string[]) { for (const type of SYNC_TYPES_ORDER.filter((t) => types.includes(t))) { const handler = handlers[type]!; await handler(); } }` },
  { name: "sorted items that are only read", safety: "safe", code: `async function f(ids: string[]) { const out = []; for (const id of ids.sort()) { out.push(await fetchUser(id)); } return out; }` },
  { name: "orders are entities, not an order", safety: "review", reasons: ["opaque-call"], only: true, code: `declare const orders: { id: string }[]; declare function ship(id: string): Promise<void>; async function f() { for (const order of orders) { await ship(order.id); } }` },
  { name: "fs write", safety: "review", reasons: ["fs-write"], code: `import { writeFile } from "node:fs/promises"; async function f(ids: string[]) { for (const id of ids) { await writeFile(id + ".json", JSON.stringify(await fetchUser(id))); } }` },
  { name: "fs.promises write", safety: "review", reasons: ["fs-write"], code: `import fs from "node:fs"; async function f(ids: string[]) { for (const id of ids) { await fs.promises.unlink(id + ".json"); } }` },
  { name: "injected file system", safety: "review", reasons: ["fs-write"], code: `class A { fs: any; async f(ids: string[]) { for (const id of ids) { await this.fs.writeFile(id, "x"); } } }` },
  { name: "unlink on a redis client is a redis write, not a file-system one", safety: "review", reasons: ["known-write"], only: true, code: `import Redis from "./storage/redis"; async function f(keys: string[]) { for (const k of keys) { await Redis.defaultClient.unlink(k); } }` },
  { name: "imported helper", safety: "review", reasons: ["opaque-call"], code: `import { enrich } from "./enrich"; async function f(ids: string[]) { for (const id of ids) { await enrich(id); } }` },
  { name: "a while loop that goes round again until an attempt succeeds is a retry", safety: "unsafe", reasons: ["retry"], code: `async function f() { while (true) { try { await fetchUser("a"); break; } catch { await sleep(100); } } }` },
  { name: "an index loop whose catch moves on to the next item is no retry (n8n's continueOnFail)", safety: "unsafe", reasons: ["throw"], absent: ["retry"], code: `declare const log: { push(x: unknown): void }; async function f(items: string[], continueOnFail: boolean) { for (let i = 0; i < items.length; i++) { try { await fetchUser(items[i]); } catch (error) { if (continueOnFail) { console.log(error); continue; } throw error; } } }` },
  { name: "a break of a loop inside the try is no success leaving the loop", safety: "unsafe", reasons: ["no-fixed-items"], absent: ["retry"], code: `async function f(queue: string[][]) { while (queue.length) { const batch = queue.shift()!; try { for (const id of batch) { if (!id) break; await fetchUser(id); } } catch { console.log("failed"); } } }` },
  { name: "lodash's get() hands back a value the loop shares, not a new one: what changes it is not seen through", safety: "review", reasons: ["opaque-call"], code: `import { get } from "lodash"; async function f(ids: string[], shared: object) { for (const id of ids) { get(shared, "list").push(await fetchUser(id)); } }` },
  { name: "a map named for services is still a map", safety: "unsafe", reasons: ["outer-mutation"], code: `async function f(ids: string[]) { const byService = new Map<string, unknown>(); for (const id of ids) { byService.set(id, await fetchUser(id)); } return byService; }` },
  { name: "a lookup by an enum member is a collection's, not an injector's", safety: "unsafe", reasons: ["outer-mutation"], code: `enum Kind { A = "a" } async function f(ids: string[], groups: Map<string, unknown[]>) { for (const id of ids) { groups.get(Kind.A)!.push(await fetchUser(id)); } }` },
  { name: "a counted loop whose catch throws only after the last attempt is a retry", safety: "unsafe", reasons: ["retry"], code: `async function f() { let n = 0; for (let i = 0; i < 5; i++) { try { await fetchUser("a"); break; } catch (e) { if (++n >= 3) throw e; await sleep(100); } } }` },
  { name: "a pager that stops at its first failure is no retry", safety: "unsafe", reasons: ["break"], absent: ["retry"], code: `async function f() { let page = 1; for (;;) { try { const r = await fetchUser(String(page)); if (!r) break; page++; } catch { break; } } }` },
  { name: "a return in a forEach callback's try is no retry", safety: "review", reasons: ["forEach-async"], only: true, code: `async function f(ids: string[]) { ids.forEach(async (id) => { try { const u = await fetchUser(id); if (!u) return; } catch { /* skipped */ } }); }` },
  { name: "forEach async", safety: "review", reasons: ["forEach-async"], code: `async function f(ids: string[]) { ids.forEach(async (id) => { await fetchUser(id); }); }` },
  { name: "helper calls a method of its parameter", safety: "review", reasons: ["opaque-call"], code: `async function run(ctx: any, name: string) { await ctx.amplify.invokePluginMethod(ctx, name); } async function f(ctx: any, names: string[]) { for (const n of names) { await run(ctx, n); } }` },
  { name: "helper calls a method of a destructured parameter's alias", safety: "review", reasons: ["loop-write-named-call"], code: `async function run({ client }: any, name: string) { const c = client; await c.deleteEverything(name); } async function f(ctx: any, names: string[]) { for (const n of names) { await run(ctx, n); } }` },
  { name: "method of the loop item", safety: "review", reasons: ["opaque-call"], code: `async function f(jobs: { run(): Promise<void> }[]) { for (const job of jobs) { await job.run(); } }` },
  { name: "method of a callback's parameter", safety: "review", reasons: ["loop-write-named-call"], code: `async function f(groups: any[]) { for (const g of groups) { await Promise.all(g.members.map((m: any) => m.save())); } }` },
  { name: "inquirer prompt per item", safety: "unsafe", reasons: ["interactive-prompt"], code: `import inquirer from "inquirer"; async function f(ids: string[]) { for (const id of ids) { await inquirer.prompt([{ name: id }]); } }` },
  { name: "clack text per item", safety: "unsafe", reasons: ["interactive-prompt"], code: `import * as p from "@clack/prompts"; async function f(ids: string[]) { for (const id of ids) { await p.text({ message: id }); } }` },
  { name: "prompter in a helper", safety: "unsafe", reasons: ["interactive-prompt"], code: `async function ask(ctx: any, q: string) { return ctx.prompter.confirm(q); } async function f(ctx: any, qs: string[]) { for (const q of qs) { await ask(ctx, q); } }` },
  { name: "an input() whose receiver says nothing about prompting", safety: "review", reasons: ["opaque-call"], code: `declare const form: any; async function f(ids: string[]) { for (const id of ids) { await form.input(id); } }` },
  { name: "a call whose name says it writes, as parallel-awaits says (review in a loop)", safety: "review", reasons: ["loop-write-named-call"], code: `declare function incrementDocumentId(): Promise<number>; async function f(items: string[]) { for (const item of items) { await incrementDocumentId(); } }` },
  { name: "a method named like a page action on a plain property path is no page action", safety: "review", reasons: ["opaque-call"], code: `async function f(context: any, ids: string[]) { for (const id of ids) { await context.permissions.check(id); } }` },
  { name: "sql insert", safety: "review", reasons: ["known-write"], code: `async function f(ids: string[]) { for (const id of ids) { await pool.query("INSERT INTO seen (id) VALUES ($1)", [id]); } }` },
];

function firstLoop(code: string) {
  const sf = ts.createSourceFile("case.ts", HEADER + code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const loops = findAwaitingLoops(sf).filter((l) => l.getStart(sf) > HEADER.length);
  if (!loops[0]) throw new Error("no loop found");
  return loops[0];
}

describe("loop safety", () => {
  for (const c of cases) {
    it(`${c.safety}: ${c.name}`, () => {
      const verdict = analyzeLoop(firstLoop(c.code));
      const ids = verdict.reasons.map((r) => r.id);
      expect({ safety: verdict.safety, ids }).toMatchObject({ safety: c.safety });
      if (c.safety === "safe") expect(ids).toEqual([]);
      for (const id of c.reasons ?? []) expect(ids).toContain(id);
      if (c.only) expect([...new Set(ids)]).toEqual(c.reasons);
      for (const id of c.absent ?? []) expect(ids).not.toContain(id);
      if (c.message) expect(verdict.reasons[0]?.message).toMatch(c.message);
      for (const r of verdict.reasons) expect(r.message).toMatch(/^[`a-z]/);
    });
  }
});

describe("loop safety messages", () => {
  it("names a long callee by its start and the method it ends in", () => {
    const verdict = analyzeLoop(
      firstLoop(`async function f(ids: string[]) { for (const id of ids) { await new HttpRequestBuilder({ method: "GET", baseURL: "https://api.example.com" }).withHeader("x", id).execute(); } }`),
    );
    const opaque = verdict.reasons.find((r) => r.id === "opaque-call");
    expect(opaque?.message).toContain("`new HttpRequestBuild…).withHeader(\"x\", id).execute()`");
  });
});

describe("a helper followed from several loops", () => {
  // `tag(row)` changes the caller's `row`: the loop's own item in one function, an object all iterations share in the other.
  // The helper's facts are remembered between the loops; each loop must still see its own `row`.
  const code = `function tag(row: { seen?: boolean }) { row.seen = true; }
async function shared(ids: string[]) { const row = {}; for (const id of ids) { tag(row); await fetchUser(id); } }
async function own(rows: { id: string }[]) { for (const row of rows) { tag(row); await fetchUser(row.id); } }`;
  const loops = () => {
    const sf = ts.createSourceFile("case.ts", HEADER + code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const [sharedLoop, ownLoop] = findAwaitingLoops(sf).filter((l) => l.getStart(sf) > HEADER.length);
    return { sharedLoop: sharedLoop!, ownLoop: ownLoop! };
  };
  const expectVerdicts = (shared: ReturnType<typeof analyzeLoop>, own: ReturnType<typeof analyzeLoop>) => {
    expect(shared.safety).toBe("unsafe");
    expect(shared.reasons.map((r) => r.id)).toContain("shared-object-write");
    expect(own).toMatchObject({ safety: "safe", reasons: [] });
  };
  it("the shared object first", () => {
    const { sharedLoop, ownLoop } = loops();
    const shared = analyzeLoop(sharedLoop);
    expectVerdicts(shared, analyzeLoop(ownLoop));
  });
  it("the loop's own item first", () => {
    const { sharedLoop, ownLoop } = loops();
    const own = analyzeLoop(ownLoop);
    expectVerdicts(analyzeLoop(sharedLoop), own);
  });
});
