#!/usr/bin/env node
// Writes a large synthetic JS/TS back-end repository for the assess benchmark: the same seed and size
// always give byte-identical files. Mostly plain code, with the imports, client calls, queries and
// awaiting loops of the libraries that assess knows, spread over nested packages (each with a clients
// module most files import from, and routes and jobs that call the services of files near them), some
// JavaScript, and a .gitignore whose ignored folders hold files that must not be scanned.
//
//   node bench/gen-repo.mjs <dir> [--files 5200] [--seed 42]
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** mulberry32: tiny, fast, and the same sequence on every platform. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  const chance = (p) => next() < p;
  /** Picks by weight from [[weight, value], …]. */
  const weighted = (pairs) => {
    const total = pairs.reduce((s, [w]) => s + w, 0);
    let r = next() * total;
    for (const [w, v] of pairs) if ((r -= w) < 0) return v;
    return pairs[pairs.length - 1][1];
  };
  return { next, int, pick, chance, weighted };
}

const ENTITIES = [
  "user", "order", "invoice", "product", "review", "shipment", "account", "payment", "session", "report",
  "coupon", "cart", "inventory", "supplier", "warehouse", "ticket", "message", "notification", "subscription", "plan",
];
const AREAS = ["services", "db", "routes", "jobs", "lib", "models", "utils", "workers", "integrations", "domain"];
const PACKAGES = ["api", "billing", "catalog", "checkout", "identity", "logistics", "messaging", "analytics", "admin", "support"];
const VERBS = ["normalize", "format", "merge", "score", "validate", "group", "rank", "slugify", "compare", "summarize", "clamp", "partition"];

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const plural = (s) => (s.endsWith("y") ? `${s.slice(0, -1)}ies` : `${s}s`);

/** The client libraries of the catalogue, each with the import it needs and the calls it can make. */
const LIBRARIES = {
  axios: {
    kind: "api",
    imports: (ts, cjs) => (cjs ? `const axios = require("axios");` : `import axios from "axios";`),
    setup: (r) => (r.chance(0.5) ? `const http = axios.create({ baseURL: "https://api.example.com/v${r.int(1, 3)}", timeout: ${r.int(2, 9)}000 });` : ""),
    call: (r, e, setup) => {
      const client = setup ? "http" : "axios";
      const verb = r.weighted([[5, "get"], [2, "post"], [1, "put"], [1, "delete"]]);
      const body = verb === "post" || verb === "put" ? `, { ${e}Id: id, at: Date.now() }` : "";
      return `(await ${client}.${verb}(\`/${plural(e)}/\${id}\`${body})).data`;
    },
  },
  fetch: {
    kind: "api",
    imports: () => "",
    setup: () => "",
    call: (r, e) =>
      r.chance(0.7)
        ? `await (await fetch(\`https://${e}.example.com/v1/${plural(e)}/\${id}\`)).json()`
        : `await (await fetch("https://${e}.example.com/v1/events", { method: "POST", body: JSON.stringify({ id }) })).json()`,
  },
  openai: {
    kind: "api",
    imports: (ts, cjs) => (cjs ? `const OpenAI = require("openai");` : `import OpenAI from "openai";`),
    setup: () => `const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });`,
    call: (r, e) =>
      r.chance(0.7)
        ? `(await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: \`Describe ${e} \${id}\` }] })).choices[0]?.message.content`
        : `(await openai.embeddings.create({ model: "text-embedding-3-small", input: String(id) })).data[0]?.embedding`,
  },
  s3: {
    kind: "api",
    imports: (ts, cjs) =>
      cjs
        ? `const { S3Client, GetObjectCommand, PutObjectCommand } = require("@aws-sdk/client-s3");`
        : `import { S3Client, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";`,
    setup: () => `const s3 = new S3Client({ region: "eu-west-1" });`,
    call: (r, e) =>
      r.chance(0.7)
        ? `await s3.send(new GetObjectCommand({ Bucket: "${e}-assets", Key: \`\${id}.json\` }))`
        : `await s3.send(new PutObjectCommand({ Bucket: "${e}-exports", Key: \`\${id}.csv\`, Body: "" }))`,
  },
  stripe: {
    kind: "api",
    imports: (ts, cjs) => (cjs ? `const Stripe = require("stripe");` : `import Stripe from "stripe";`),
    setup: () => `const stripe = new Stripe(process.env.STRIPE_KEY ?? "");`,
    call: (r) => (r.chance(0.6) ? `await stripe.customers.retrieve(String(id))` : `await stripe.paymentIntents.create({ amount: 100, currency: "eur" })`),
  },
  prisma: {
    kind: "db",
    imports: (ts, cjs) => (cjs ? `const { PrismaClient } = require("@prisma/client");` : `import { PrismaClient } from "@prisma/client";`),
    setup: () => `const prisma = new PrismaClient();`,
    call: (r, e) => {
      const op = r.weighted([[4, "findUnique"], [3, "findMany"], [1, "create"], [1, "update"], [1, "count"]]);
      const arg = op === "findMany" || op === "count" ? `{ where: { ${e}Id: id } }` : op === "create" ? `{ data: { id } }` : op === "update" ? `{ where: { id }, data: { touchedAt: new Date() } }` : `{ where: { id } }`;
      return `await prisma.${e}.${op}(${arg})`;
    },
  },
  pg: {
    kind: "db",
    imports: (ts, cjs) => (cjs ? `const { Pool } = require("pg");` : `import { Pool } from "pg";`),
    setup: () => `const pool = new Pool({ connectionString: process.env.DATABASE_URL });`,
    call: (r, e) =>
      r.chance(0.75)
        ? `(await pool.query("SELECT * FROM ${plural(e)} WHERE id = $1", [id])).rows[0]`
        : `(await pool.query("UPDATE ${plural(e)} SET seen_at = now() WHERE id = $1", [id])).rowCount`,
  },
  knex: {
    kind: "db",
    imports: (ts, cjs) => (cjs ? `const knex = require("knex");` : `import knex from "knex";`),
    setup: () => `const db = knex({ client: "pg", connection: process.env.DATABASE_URL });`,
    call: (r, e) => `await db("${plural(e)}").where({ id }).whereNull("deleted_at").select("id", "name", "updated_at").first()`,
  },
  mongoose: {
    kind: "db",
    imports: (ts, cjs) => (cjs ? `const mongoose = require("mongoose");` : `import mongoose from "mongoose";`),
    setup: (r, e) => `const ${cap(e)}Model = mongoose.model("${cap(e)}", new mongoose.Schema({ name: String, ownerId: String }));`,
    call: (r, e) => (r.chance(0.7) ? `await ${cap(e)}Model.findOne({ ownerId: id }).lean().exec()` : `await ${cap(e)}Model.updateOne({ _id: id }, { $set: { seen: true } })`),
  },
  redis: {
    kind: "db",
    imports: (ts, cjs) => (cjs ? `const Redis = require("ioredis");` : `import Redis from "ioredis";`),
    setup: () => `const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");`,
    call: (r, e) => (r.chance(0.7) ? `await redis.get(\`${e}:\${id}\`)` : `await redis.set(\`${e}:\${id}\`, "1", "EX", 300)`),
  },
};
/**
 * Clients that a package makes once, in its `src/clients.ts`, and its files import (`import { prisma } from
 * "../clients.js"`), as real apps do: the analysis then needs what another file exports.
 */
const SHARED_CLIENTS = {
  prisma: { name: "prisma", make: `new PrismaClient()` },
  pg: { name: "pool", make: `new Pool({ connectionString: process.env.DATABASE_URL })` },
  knex: { name: "db", make: `knex({ client: "pg", connection: process.env.DATABASE_URL })` },
  redis: { name: "redis", make: `new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379")` },
  axios: { name: "http", make: `axios.create({ baseURL: "https://api.example.com/v2", timeout: 5000 })` },
  openai: { name: "openai", make: `new OpenAI({ apiKey: process.env.OPENAI_API_KEY })` },
  s3: {
    name: "s3",
    make: `new S3Client({ region: "eu-west-1" })`,
    // the commands a file sends still come from the SDK
    alsoImport: (cjs) => (cjs ? `const { GetObjectCommand, PutObjectCommand } = require("@aws-sdk/client-s3");` : `import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";`),
  },
  stripe: { name: "stripe", make: `new Stripe(process.env.STRIPE_KEY ?? "")` },
};
const SHARED_SHARE = 0.6;

function clientsModule() {
  const lines = ["// The clients of this package, made once: generated by bench/gen-repo.mjs."];
  for (const lib of Object.keys(SHARED_CLIENTS)) lines.push(LIBRARIES[lib].imports(true, false));
  lines.push("");
  for (const [lib, { name, make }] of Object.entries(SHARED_CLIENTS)) lines.push(`export const ${name} = ${make}; // ${lib}`);
  return `${lines.join("\n")}\n`;
}

const API_LIBS = ["axios", "fetch", "openai", "s3", "stripe"];
const DB_LIBS = ["prisma", "pg", "knex", "mongoose", "redis"];

/** Which libraries a file in an area tends to use: routes and utils mostly none. */
function librariesFor(r, area) {
  const n = { services: [1, 3], integrations: [1, 2], db: [1, 2], models: [1, 1], jobs: [1, 3], workers: [1, 2], routes: [0, 1] }[area] ?? [0, 0];
  const count = r.int(n[0], n[1]);
  const pool = area === "db" || area === "models" ? DB_LIBS : area === "integrations" ? API_LIBS : [...API_LIBS, ...DB_LIBS];
  const chosen = new Set();
  for (let i = 0; i < count; i++) chosen.add(r.pick(pool));
  return [...chosen].sort();
}

function typeAnn(ts, t) {
  return ts ? `: ${t}` : "";
}

// ---- blocks of code: each returns lines ----

function interfaceBlock(r, e) {
  const fields = ["id: string", "createdAt: Date", "updatedAt: Date", `${e}Name: string`, "ownerId: string", "tags: string[]", "score: number", "active: boolean", "meta?: Record<string, unknown>"];
  const n = r.int(3, fields.length);
  return [`export interface ${cap(e)}Record${r.int(1, 99)} {`, ...fields.slice(0, n).map((f) => `  ${f};`), "}", ""];
}

function plainFunction(r, e, ts) {
  const verb = r.pick(VERBS);
  const name = `${verb}${cap(e)}${r.int(1, 999)}`;
  const lines = [`export function ${name}(items${typeAnn(ts, "string[]")}, limit${typeAnn(ts, "number")} = ${r.int(5, 50)})${typeAnn(ts, "string[]")} {`];
  lines.push(`  const seen = new Map${ts ? "<string, number>" : ""}();`);
  lines.push(`  const out${typeAnn(ts, "string[]")} = [];`);
  lines.push("  for (const item of items) {");
  lines.push(`    const key = item.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-");`);
  lines.push("    const count = (seen.get(key) ?? 0) + 1;");
  lines.push("    seen.set(key, count);");
  if (r.chance(0.5)) lines.push(`    if (count > ${r.int(1, 4)}) continue;`);
  lines.push(`    out.push(count > 1 ? \`\${key}-\${count}\` : key);`);
  lines.push("  }");
  for (let i = 0, n = r.int(0, 6); i < n; i++) {
    lines.push(r.pick([
      "  out.sort((a, b) => a.localeCompare(b));",
      `  const total${i} = out.reduce((sum, s) => sum + s.length, 0);`,
      `  if (out.length > limit * ${r.int(2, 5)}) out.length = limit * ${r.int(2, 5)};`,
      `  const first${i} = out.find((s) => s.startsWith("${e.slice(0, 2)}"));`,
      `  const byLength${i} = out.filter((s) => s.length > ${r.int(3, 12)}).map((s) => s.toUpperCase());`,
    ]));
  }
  lines.push("  return out.slice(0, limit);", "}", "");
  return lines;
}

function classBlock(r, e, ts) {
  const name = `${cap(e)}Index${r.int(1, 999)}`;
  const priv = ts ? "private " : "";
  const lines = [`export class ${name} {`];
  lines.push(`  ${priv}readonly byId = new Map${ts ? `<string, { id: string; score: number }>` : ""}();`);
  lines.push(`  ${priv}version = 0;`, "");
  lines.push(`  add(id${typeAnn(ts, "string")}, score${typeAnn(ts, "number")})${typeAnn(ts, "void")} {`, "    this.byId.set(id, { id, score });", "    this.version++;", "  }", "");
  lines.push(`  get(id${typeAnn(ts, "string")}) {`, "    return this.byId.get(id);", "  }", "");
  for (let i = 0, n = r.int(1, 4); i < n; i++) {
    lines.push(`  top${i}(n${typeAnn(ts, "number")} = ${r.int(3, 20)}) {`);
    lines.push("    return [...this.byId.values()]");
    lines.push(`      .filter((x) => x.score > ${r.int(0, 50)})`);
    lines.push("      .sort((a, b) => b.score - a.score)");
    lines.push("      .slice(0, n);");
    lines.push("  }", "");
  }
  lines.push("}", "");
  return lines;
}

function constBlock(r, e) {
  const lines = [`export const ${e.toUpperCase()}_DEFAULTS_${r.int(1, 999)} = {`];
  for (let i = 0, n = r.int(3, 10); i < n; i++) {
    lines.push(r.pick([
      `  retries: ${r.int(0, 5)},`,
      `  timeoutMs: ${r.int(1, 30) * 100},`,
      `  label: "${e} ${r.pick(VERBS)}",`,
      `  enabled: ${r.chance(0.5)},`,
      `  query: "SELECT is only a word in this ${e} label",`,
      `  ratio${i}: ${r.int(1, 99) / 100},`,
    ]));
  }
  lines.push("};", "");
  return lines;
}

function clientFunction(r, e, lib, ts, hasSetup) {
  const name = `${r.pick(["get", "load", "fetch", "sync", "save", "find"])}${cap(e)}${r.int(1, 999)}`;
  return [
    `export async function ${name}(id${typeAnn(ts, "string")}) {`,
    `  const result = ${LIBRARIES[lib].call(r, e, hasSetup)};`,
    `  if (!result) throw new Error(\`${e} \${id} not found\`);`,
    "  return result;",
    "}",
    "",
  ];
}

function loopFunction(r, e, lib, ts, hasSetup) {
  const name = `${r.pick(["syncAll", "loadAll", "refresh", "backfill", "notifyAll"])}${cap(plural(e))}${r.int(1, 999)}`;
  const call = LIBRARIES[lib].call(r, e, hasSetup);
  const shape = r.weighted([[5, "for-of"], [2, "for"], [1, "while"], [1, "forEach"], [1, "for-await"], [1, "sleep"], [1, "cursor"]]);
  const out = [`export async function ${name}(ids${typeAnn(ts, "string[]")}) {`, `  const results${typeAnn(ts, "unknown[]")} = [];`];
  switch (shape) {
    case "for-of":
      out.push("  for (const id of ids) {", `    results.push(${call});`, "  }");
      break;
    case "for":
      out.push("  for (let i = 0; i < ids.length; i++) {", "    const id = ids[i];", `    results.push(${call});`, "  }");
      break;
    case "while":
      out.push("  let i = 0;", "  while (i < ids.length) {", "    const id = ids[i++];", `    results.push(${call});`, "  }");
      break;
    case "forEach":
      out.push("  ids.forEach(async (id) => {", `    results.push(${call});`, "  });");
      break;
    case "for-await":
      out.push("  async function* each() {", "    for (const id of ids) yield id;", "  }", "  for await (const id of each()) {", `    results.push(${call});`, "  }");
      break;
    case "sleep":
      out.push("  for (const id of ids) {", `    results.push(${call});`, `    await new Promise((resolve) => setTimeout(resolve, ${r.int(1, 10) * 100}));`, "  }");
      break;
    default:
      out.push(`  let cursor${typeAnn(ts, "string | undefined")} = ids[0];`, "  do {", "    const id = cursor;", `    const page = ${call};`, "    results.push(page);", "    cursor = ids[results.length];", "  } while (cursor);");
  }
  out.push("  return results;", "}", "");
  return out;
}

function waterfallFunction(r, e, libs, ts, setups) {
  const name = `get${cap(e)}Overview${r.int(1, 999)}`;
  const out = [`export async function ${name}(id${typeAnn(ts, "string")}) {`];
  const n = r.int(2, 4);
  for (let i = 0; i < n; i++) {
    const lib = r.pick(libs);
    out.push(`  const part${i} = ${LIBRARIES[lib].call(r, e, setups.has(lib))};`);
  }
  out.push(`  return { ${Array.from({ length: n }, (_, i) => `part${i}`).join(", ")} };`, "}", "");
  return out;
}

/** A loop or a waterfall over functions other files of the package export: how routes and jobs call services. */
function orchestrationBlock(r, e, ts, helpers) {
  const pick = () => r.pick(helpers).name;
  if (r.chance(0.5)) {
    const name = `${r.pick(["process", "warm", "reconcile"])}${cap(plural(e))}${r.int(1, 999)}`;
    const fn = pick();
    return [`export async function ${name}(ids${typeAnn(ts, "string[]")}) {`, "  const done = [];", "  for (const id of ids) {", `    done.push(await ${fn}(id));`, "  }", "  return done;", "}", ""];
  }
  const name = `build${cap(e)}Page${r.int(1, 999)}`;
  const n = r.int(2, 3);
  const out = [`export async function ${name}(id${typeAnn(ts, "string")}) {`];
  for (let i = 0; i < n; i++) out.push(`  const step${i} = await ${pick()}(id);`);
  out.push(`  return { ${Array.from({ length: n }, (_, i) => `step${i}`).join(", ")} };`, "}", "");
  return out;
}

function lookalikeBlock(r, e, ts) {
  const name = `${r.pick(["pick", "lookup", "resolve"])}${cap(e)}${r.int(1, 999)}`;
  return [
    `const ${name}Cache = new Map${ts ? "<string, string>" : ""}();`,
    `export function ${name}(headers${typeAnn(ts, "Headers")}, rows${typeAnn(ts, "{ id: string }[]")}) {`,
    `  const id = headers.get("x-${e}-id") ?? "";`,
    `  const cached = ${name}Cache.get(id);`,
    "  if (cached) return cached;",
    "  const row = rows.find((x) => x.id === id);",
    `  ${name}Cache.set(id, row ? row.id : "");`,
    "  return row?.id;",
    "}",
    "",
  ];
}

function routeBlock(r, e, ts) {
  const lines = [`export function register${cap(plural(e))}${r.int(1, 999)}(app${typeAnn(ts, "{ get: Function; post: Function }")}, handlers${typeAnn(ts, "Record<string, Function>")}) {`];
  for (let i = 0, n = r.int(2, 5); i < n; i++) {
    const verb = r.pick(["get", "get", "post"]);
    lines.push(`  app.${verb}("/${plural(e)}${r.pick(["", "/:id", "/:id/history", "/search"])}", handlers.h${i});`);
  }
  lines.push("}", "");
  return lines;
}

const CALLS_SERVICES = new Set(["routes", "jobs", "workers", "services"]);

/**
 * `helpers`: functions that files of the package written so far export ({ name, from }), which this one may
 * import and call. Returns the text and the functions it exports in turn.
 */
function fileText(r, { area, entity, ts, cjs, depth, toSrc, helpers = [], importPath }) {
  const libs = librariesFor(r, area);
  const lines = [`// ${cap(area)} for ${plural(entity)}: generated by bench/gen-repo.mjs.`];
  const shared = new Set(libs.filter((lib) => SHARED_CLIENTS[lib] && r.chance(SHARED_SHARE)));
  for (const lib of libs) {
    const imp = shared.has(lib) ? SHARED_CLIENTS[lib].alsoImport?.(cjs) : LIBRARIES[lib].imports(ts, cjs);
    if (imp) lines.push(imp);
  }
  if (shared.size) {
    const names = [...shared].map((lib) => SHARED_CLIENTS[lib].name).join(", ");
    lines.push(cjs ? `const { ${names} } = require("${toSrc}clients.js");` : `import { ${names} } from "${toSrc}clients.js";`);
  }
  const up = depth > 0 ? "../".repeat(depth) : "./";
  for (let i = 0, n = r.int(0, 3); i < n; i++) {
    const other = r.pick(ENTITIES);
    const fn = `${r.pick(VERBS)}${cap(other)}${r.int(1, 999)}`;
    lines.push(cjs ? `const { ${fn} } = require("${up}lib/${other}.cjs");` : `import { ${fn} } from "${up}lib/${other}.js";`);
  }
  // services imported from other files of the package, called in loops and waterfalls below
  const used = [];
  if (!cjs && CALLS_SERVICES.has(area) && helpers.length && r.chance(0.5)) {
    for (let i = 0, n = r.int(1, 3); i < n; i++) {
      const h = r.pick(helpers);
      if (used.some((u) => u.name === h.name)) continue;
      used.push(h);
      lines.push(`import { ${h.name} } from "${importPath(h.from)}";`);
    }
  }
  if (ts && r.chance(0.3)) lines.push(`import type { Request } from "express";`);
  lines.push("");
  const setups = new Set(shared);
  for (const lib of libs) {
    if (shared.has(lib)) continue;
    const s = LIBRARIES[lib].setup(r, entity);
    if (s) {
      lines.push(s);
      setups.add(lib);
    }
  }
  if (setups.size) lines.push("");

  const target = r.weighted([[3, r.int(30, 70)], [5, r.int(70, 140)], [2, r.int(140, 260)]]);
  const exported = [];
  for (let i = 0; i < used.length; i++) lines.push(...orchestrationBlock(r, entity, ts, used));
  while (lines.length < target) {
    const block = libs.length
      ? r.weighted([[3, "plain"], [2, "class"], [1, "const"], [2, "interface"], [4, "client"], [2, "loop"], [1, "waterfall"], [1, "lookalike"], [1, "route"]])
      : r.weighted([[5, "plain"], [3, "class"], [2, "const"], [3, "interface"], [1, "lookalike"], [area === "routes" ? 3 : 0, "route"]]);
    const lib = libs.length ? r.pick(libs) : undefined;
    switch (block) {
      case "plain": lines.push(...plainFunction(r, entity, ts)); break;
      case "class": lines.push(...classBlock(r, entity, ts)); break;
      case "const": lines.push(...constBlock(r, entity)); break;
      case "interface": if (ts) lines.push(...interfaceBlock(r, entity)); else lines.push(...constBlock(r, entity)); break;
      case "client": {
        const fn = clientFunction(r, entity, lib, ts, setups.has(lib));
        if (!cjs) exported.push(/function (\w+)/.exec(fn[0])[1]);
        lines.push(...fn);
        break;
      }
      case "loop": lines.push(...loopFunction(r, entity, lib, ts, setups.has(lib))); break;
      case "waterfall": lines.push(...waterfallFunction(r, entity, libs, ts, setups)); break;
      case "lookalike": lines.push(...lookalikeBlock(r, entity, ts)); break;
      case "route": lines.push(...routeBlock(r, entity, ts)); break;
    }
  }
  if (cjs) lines.push("module.exports = {};", "");
  return { text: `${lines.join("\n")}\n`, exported };
}

/**
 * Generates the repository into `dir` (emptied first). Returns what was written, counting only the
 * files that assess should scan.
 */
export function generateRepo({ dir, files = 5200, seed = 42 }) {
  const r = prng(seed);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // A repository of its own, like a clone: the .gitignore files of whatever repository holds `dir`
  // (bench/.work/ is ignored by ours) must not apply to it.
  if (spawnSync("git", ["init", "-q", dir], { stdio: "ignore" }).status !== 0) mkdirSync(join(dir, ".git"));
  writeFileSync(join(dir, ".gitignore"), "node_modules/\ndist/\ngenerated/\n*.log\n");
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "synthetic-monorepo", private: true, type: "module" }, null, 2)}\n`);
  let lines = 0;
  let bytes = 0;
  const servicesOf = {};
  for (let i = 0; i < files; i++) {
    const pkg = PACKAGES[i % PACKAGES.length];
    const area = r.pick(AREAS);
    const entity = r.pick(ENTITIES);
    const depth = r.int(0, 2);
    const sub = depth === 0 ? [] : Array.from({ length: depth }, () => r.pick(ENTITIES));
    const flavour = r.weighted([[82, "ts"], [10, "js"], [4, "mjs"], [2, "cjs"], [2, "tsx"]]);
    const ts = flavour === "ts" || flavour === "tsx";
    const path = join(dir, "packages", pkg, "src", area, ...sub, `${entity}-${i}.${flavour}`);
    const helpers = (servicesOf[pkg] ??= []);
    const importPath = (target) => {
      const rel = relative(dirname(path), target).replace(/\\/g, "/").replace(/\.(ts|tsx)$/, ".js");
      return rel.startsWith(".") ? rel : `./${rel}`;
    };
    const { text, exported } = fileText(r, { area, entity, ts, cjs: flavour === "cjs", depth: depth + 2, toSrc: "../".repeat(depth + 1), helpers, importPath });
    // the last few hundred of the package: a file imports from files written near it, as real code mostly does
    for (const name of exported) helpers.push({ name, from: path });
    if (helpers.length > 400) helpers.splice(0, helpers.length - 400);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    lines += text.split("\n").length - 1;
    bytes += Buffer.byteLength(text);
  }
  for (const pkg of PACKAGES) {
    const text = clientsModule();
    writeFileSync(join(dir, "packages", pkg, "src", "clients.ts"), text);
    lines += text.split("\n").length - 1;
    bytes += Buffer.byteLength(text);
  }
  // Not scanned: ignored by .gitignore, dependencies, build output, declarations.
  for (const [rel, text] of [
    ["generated/client.ts", `export const get = (id: string) => fetch(\`https://x.example.com/\${id}\`);\n`],
    ["packages/api/dist/index.js", `export const get = (id) => fetch(\`https://x.example.com/\${id}\`);\n`],
    ["node_modules/axios/index.js", `module.exports = function axios() {};\n`],
    ["packages/api/src/types.d.ts", `export declare function get(id: string): Promise<unknown>;\n`],
  ]) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return { files: files + PACKAGES.length, lines, bytes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const dir = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
  const opt = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  if (!dir) {
    console.error("usage: node bench/gen-repo.mjs <dir> [--files 5200] [--seed 42]");
    process.exit(2);
  }
  const t0 = performance.now();
  const result = generateRepo({ dir, files: opt("files", 5200), seed: opt("seed", 42) });
  console.log(`${dir}: ${result.files} files, ${result.lines} lines, ${(result.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** Part of the folder name: a generator that writes other files must not reuse a repo an older one wrote. */
const GENERATOR_VERSION = 3;

/** The synthetic repo of `files` files for `seed` under bench/.work/, generated once and reused by every benchmark. */
export function ensureRepo(files, seed) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), ".work", `repo-${files}-s${seed}-v${GENERATOR_VERSION}`);
  const marker = join(dir, ".generated.json");
  if (!existsSync(marker)) {
    const t0 = performance.now();
    const info = generateRepo({ dir, files, seed });
    writeFileSync(marker, `${JSON.stringify(info)}\n`);
    console.log(`generated ${dir}: ${info.files} files, ${info.lines} lines in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  }
  return dir;
}
