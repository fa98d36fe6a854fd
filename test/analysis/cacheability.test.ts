// Cacheability as a table (snippet -> verdict), prefixes and TTLs, and the agreement test: on every
// cache-wrap fixture, the verdict `assess` puts on api-call/db-query findings is the codemod's own.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { analyzeCacheability, findCandidates, prefixFor, ttlFor } from "../../src/analysis/cacheability.js";
import { detectFile } from "../../src/detect/detect-file.js";
import { buildCatalog } from "../../src/detect/catalog-index.js";
import { CODEMODS } from "../../codemods/index.js";
import { scriptKindFor } from "../../src/scan/parse.js";
import { parsePrismaSchema, type PrismaRelations } from "../../src/analysis/prisma-schema.js";
import { planText } from "../../src/migrate/plan.js";

const catalog = buildCatalog();
const cacheWrap = CODEMODS.find((c) => c.name === "cache-wrap")!;

function findings(code: string, file = "service.ts", prisma?: PrismaRelations) {
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, file.endsWith(".js") ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  return detectFile(sf, { fileLabel: file, catalog, prisma }).findings.filter((f) => f.kind !== "sequential-await");
}

describe("prefix and TTL", () => {
  it.each([
    ["getUserProfile", "user_profile"],
    ["fetchOrders", "orders"],
    ["calculateRisk", "calculate_risk"],
    ["get", "get"],
    ["getHTTPStatus", "http_status"],
    ["OAuthRepository.getClient", "oauth_repository_get_client"],
    ["getGitHubUser", "github_user"],
    ["fetchGraphQLSchema", "graphql_schema"],
  ])("%s -> %s", (name, prefix) => expect(prefixFor(name)).toBe(prefix));

  it.each([
    ["getUserProfile", 300],
    ["getStockPrice", 30],
    ["fetchMarketQuotes", 30],
    ["generateMonthlyReport", 3600],
    ["analyzeSalesAnalytics", 3600],
    ["fetchWeather", 300],
    ["UserService.getPreferences", 300],
  ])("%s -> %i s", (name, ttl) => expect(ttlFor(name)).toBe(ttl));

  it("config rules come first, then the guide, then the default", () => {
    const settings = { ttlRules: [{ pattern: "get*Catalog", ttl: 86_400 }, { pattern: "Billing.*", ttl: 60 }], defaultTtl: 120 };
    expect(ttlFor("getProductCatalog", settings)).toBe(86_400);
    expect(ttlFor("Billing.getInvoice", settings)).toBe(60);
    expect(ttlFor("getStockPrice", settings)).toBe(30);
    expect(ttlFor("fetchWeather", settings)).toBe(120);
  });
});

describe("verdicts on api-call/db-query findings", () => {
  const TABLE: { name: string; code: string; safety?: string; reason?: string }[] = [
    { name: "a read in a get* function", safety: "safe", code: `import axios from "axios";\nexport async function getUser(id: string) { return (await axios.get("/u/" + id)).data; }` },
    { name: "a write", safety: "unsafe", reason: "writes (axios)", code: `import axios from "axios";\nexport async function getToken(id: string) { return (await axios.post("/t", { id })).data; }` },
    { name: "an LLM completion sent with fetch POST is a read", safety: "safe", code: `export async function generateAnswer(q: string) { const r = await fetch("https://api.openai.com/v1/chat/completions", { method: "POST", body: JSON.stringify({ q }) }); return (await r.json()).choices; }` },
    { name: "an LLM SDK completion is a read (groq-sdk)", safety: "safe", code: `import Groq from "groq-sdk";\nconst groq = new Groq();\nexport async function generateTitle(text: string) { return (await groq.chat.completions.create({ model: "m", messages: [{ role: "user", content: text }] })).choices[0]; }` },
    { name: "an LLM SDK call the catalog cannot classify counts as a read", safety: "safe", code: `import Anthropic from "@anthropic-ai/sdk";\nconst anthropic = new Anthropic();\nexport async function getBatchResults(id: string) { return anthropic.messages.batches.results(id); }` },
    { name: "an LLM SDK's own write stays a write (ollama pull)", safety: "unsafe", reason: "writes (ollama)", code: `import ollama from "ollama";\nexport async function getModel(name: string) { await ollama.pull({ model: name }); return ollama.show({ model: name }); }` },
    { name: "an LLM SDK's own write stays a write (openai batches)", safety: "unsafe", reason: "writes (openai)", code: `import OpenAI from "openai";\nconst openai = new OpenAI();\nexport async function getBatch(fileId: string) { return openai.batches.create({ input_file_id: fileId, endpoint: "/v1/chat/completions", completion_window: "24h" }); }` },
    { name: "a function parameter", safety: "unsafe", reason: "is a function", code: `import axios from "axios";\nexport async function fetchIt(id: string, map: (x: unknown) => unknown) { return map((await axios.get("/x/" + id)).data); }` },
    { name: "untyped request in JavaScript", safety: "unsafe", reason: "has no type", code: `const axios = require("axios");\nasync function getIt(request) { return (await axios.get("/x/" + request.query.id)).data; }\nmodule.exports = { getIt };` },
    { name: "a whole fetch Response is named as such", safety: "unsafe", reason: "the whole HTTP response", code: `export async function getPage(url: string) { const res = await fetch(url); return res; }` },
    { name: "a name that is not cacheable: no verdict", code: `import axios from "axios";\nexport async function loadUser(id: string) { return (await axios.get("/u/" + id)).data; }` },
    { name: "the innermost cacheable function around a helper", safety: "safe", code: `import axios from "axios";\nexport async function getTeam(ids: string[]) { const load = (id: string) => axios.get("/u/" + id); return Promise.all(ids.map(async (id) => (await load(id)).data)); }` },
  ];
  for (const row of TABLE) {
    it(row.name, () => {
      const file = row.code.includes("require(") ? "service.js" : "service.ts";
      const [finding] = findings(row.code, file);
      expect(finding).toBeDefined();
      if (!row.safety) {
        expect(finding!.codemod).toBeUndefined();
        return;
      }
      expect(finding!.codemod).toBe("cache-wrap");
      expect(finding!.safety).toBe(row.safety);
      if (row.reason) expect(finding!.reasons?.join(" ")).toContain(row.reason);
    });
  }
});

describe("reasons from the fallback classifier", () => {
  it("refuses an Angular-style this.http.get returned as it is, without claiming it is a whole HTTP response", () => {
    const code = `export class DataService {\n  constructor(private http: HttpClient) {}\n  getAccounts() { return this.http.get<Account[]>("/api/v1/account"); }\n}`;
    const sf = ts.createSourceFile("data.service.ts", code, ts.ScriptTarget.Latest, true);
    const [fn] = findCandidates(sf);
    const messages = analyzeCacheability(fn!).reasons.map((r) => r.message).join(" | ");
    expect(analyzeCacheability(fn!).safety).toBe("unsafe");
    expect(messages).toContain("an observable as Angular's HttpClient gives");
  });
});

describe("client parameters (cache-param)", () => {
  const verdict = (code: string) => {
    const sf = ts.createSourceFile("store.ts", code, ts.ScriptTarget.Latest, true);
    return analyzeCacheability(findCandidates(sf)[0]!);
  };
  it.each([
    ["an AWS SDK client type", `import { DynamoDBStreamsClient, DescribeStreamCommand } from "@aws-sdk/client-dynamodb-streams";\nexport async function getStream(streams: DynamoDBStreamsClient, arn: string) { return (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription; }`, "DynamoDBStreamsClient"],
    ["a catalog class (Knex)", `import type { Knex } from "knex";\nexport async function getUsers(knex: Knex, id: string) { return knex("users").where({ id }); }`, "Knex"],
  ])("%s (catalog)", (_, code, detail) => {
    const [finding] = findings(code);
    expect(finding?.safety).toBe("unsafe");
    expect(finding?.reasons?.join(" ")).toContain(detail);
  });
  it("a parameter of a local interface the body reads through (fallback classifier)", () => {
    const v = verdict(`interface ReportsDb { query(sql: string, args: unknown[]): Promise<unknown> }\nexport async function getReport(reportsDb: ReportsDb, id: string) { return reportsDb.query("SELECT * FROM reports WHERE id = $1", [id]); }`);
    expect(v.safety).toBe("unsafe");
    expect(v.reasons.find((r) => r.id === "cache-param")?.message).toContain("reportsDb.query");
  });
});

describe("clock and randomness (cache-reads-clock)", () => {
  it.each([
    ["new Date()", `import axios from "axios";\nexport async function getToday(id: string) { const d = new Date(); return (await axios.get("/d/" + id + d.toISOString())).data; }`, "new Date()"],
    ["Math.random()", `import axios from "axios";\nexport async function getSample(id: string) { return (await axios.get("/s/" + id, { params: { seed: Math.random() } })).data; }`, "Math.random()"],
    ["crypto.randomUUID()", `import axios from "axios";\nexport async function getNonced(id: string) { return (await axios.get("/s/" + id, { headers: { "x-request-id": crypto.randomUUID() } })).data; }`, "crypto.randomUUID()"],
    ["CURRENT_TIMESTAMP in SQL", `import { Pool } from "pg";\nconst pool = new Pool();\nexport async function getActiveSessions() { return (await pool.query("SELECT id FROM s WHERE expires_at > CURRENT_TIMESTAMP")).rows; }`, "CURRENT_TIMESTAMP"],
    ["random() in SQL", `import { Pool } from "pg";\nconst pool = new Pool();\nexport async function getRandomQuote() { return (await pool.query("SELECT text FROM quotes ORDER BY random() LIMIT 1")).rows[0]; }`, "random()"],
  ])("%s", (_, code, detail) => {
    const [finding] = findings(code);
    expect(finding?.safety).toBe("unsafe");
    expect(finding?.reasons?.join(" ")).toContain(detail);
  });
  it("new Date(value) only converts: no clock read", () => {
    const [finding] = findings(`import axios from "axios";\nexport async function getDay(id: string, at: string) { return (await axios.get("/d/" + id + new Date(at).toISOString())).data; }`);
    expect(finding?.safety).toBe("safe");
  });
});

describe("secrets and one-time values by name", () => {
  const verdictOf = (name: string) => {
    const [finding] = findings(`import axios from "axios";\nexport async function ${name}(id: string) { return (await axios.get("/x/" + id)).data; }`);
    return finding?.reasons?.join(" ") ?? finding?.safety;
  };
  it.each([
    ["getAdminCognitoCredentials", "a secret (`credentials`)"],
    ["getApiKey", "a secret (`api key`)"],
    ["fetchSessionToken", "a secret (`session`)"],
    ["getDbPassword", "a secret (`password`)"],
    ["getLatestShardIterator", "a one-time value (`iterator`)"],
    ["getNextCursor", "a one-time value (`cursor`)"],
    ["getNonce", "a one-time value (`nonce`)"],
    ["getLease", "a one-time value (`lease`)"],
    ["getBlockedUsers", "who may do what (`blocked`)"],
  ])("%s is refused", (name, detail) => expect(verdictOf(name)).toContain(detail));
  it.each(["getUser", "getOrders", "getCacheKey", "getKeywords", "getMonkeys", "getBlockHeight", "getClockSettings", "fetchTokenizerConfig", "getSessionsCount", "getMaxSessionsCount", "getMaxTokenRevisionId"])("%s is not", (name) => expect(verdictOf(name)).toBe("safe"));
  it("getUserAccessibleProjects decides access (cache-authorization)", () => expect(verdictOf("getUserAccessibleProjects")).toContain("`accessible`"));
});

describe("streams returned (cache-returns)", () => {
  it.each([
    ["a GetObject Body", `import { S3Client, GetObjectCommand } from "@aws-sdk/client-s3";\nconst s3 = new S3Client({});\nexport async function getFile(key: string) { const result = await s3.send(new GetObjectCommand({ Bucket: "b", Key: key })); return result.Body; }`, "result.Body"],
    ["a destructured GetObject Body", `import { S3Client, GetObjectCommand } from "@aws-sdk/client-s3";\nconst s3 = new S3Client({});\nexport async function getFile(key: string) { const { Body } = await s3.send(new GetObjectCommand({ Bucket: "b", Key: key })); return Body; }`, "Body"],
    ["a fetch body", `export async function getDownload(url: string) { const res = await fetch(url); return res.body; }`, "res.body"],
    ["a .stream()", `export async function getBlobStream(url: string) { const res = await fetch(url); return (await res.blob()).stream(); }`, "stream()"],
  ])("%s", (_, code, detail) => {
    const [finding] = findings(code);
    expect(finding?.safety).toBe("unsafe");
    expect(finding?.reasons?.join(" ")).toContain(detail);
  });
});

describe("a receiver whose name only contains `client` is no HTTP client", () => {
  const stores = `interface AppStore { get(name: string): Promise<object> }\ninterface InstanceStore { getByAppName(name: string): Promise<object[]> }\nexport class AppService {\n  constructor(private clientApplicationsStore: AppStore, private clientInstanceStore: InstanceStore) {}\n  async getApplication(appName: string) {\n    const app = await this.clientApplicationsStore.get(appName);\n    const instances = await this.clientInstanceStore.getByAppName(appName);\n    return { ...app, instances };\n  }\n}\n`;
  it("a body of interface-typed store calls makes no candidate and is left alone", () => {
    const plan = planText("app-service.ts", stores, { codemods: [cacheWrap], batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: true });
    expect(plan.updated).toBeUndefined();
    const sf = ts.createSourceFile("app-service.ts", stores, ts.ScriptTarget.Latest, true);
    expect(analyzeCacheability(findCandidates(sf)[0]!).reads).toBe(false);
  });
});

describe("writes through the same client elsewhere (cache-same-class-writes)", () => {
  it.each([
    ["a Prisma service that also updates", `import { PrismaClient } from "@prisma/client";\nexport class Products {\n  constructor(private prisma: PrismaClient) {}\n  async getProducts(categoryId: string) { return this.prisma.product.findMany({ where: { categoryId } }); }\n  async archive(id: string) { return this.prisma.product.update({ where: { id }, data: { active: false } }); }\n}`, "this.prisma.product.update"],
    ["a module whose other function inserts through the same pool", `import { Pool } from "pg";\nconst pool = new Pool();\nexport async function getTags(id: string) { return (await pool.query("SELECT tag FROM tags WHERE id = $1", [id])).rows; }\nexport async function addTag(id: string, tag: string) { await pool.query("INSERT INTO tags (id, tag) VALUES ($1, $2)", [id, tag]); }`, "INSERT INTO tags"],
    ["a knex store that updates through a query helper", `import type { Knex } from "knex";\nconst TABLE = "users";\nexport class UsersStore {\n  constructor(private readonly db: Knex) {}\n  private activeUsers() { return this.db(TABLE).where({ deleted_at: null }); }\n  async getAll() { return this.db(TABLE).select("*"); }\n  async markSeen(id: string) { await this.activeUsers().where({ id }).update({ seen_at: new Date() }); }\n}`, "this.activeUsers().where({ id }).update"],
  ])("%s is review", (_, code, detail) => {
    const finding = findings(code).find((f) => f.codemod === "cache-wrap");
    expect(finding?.safety).toBe("review");
    expect(finding?.reasons?.join(" ")).toContain(detail);
  });
  it("a class that only sends or notifies through its services writes no data its reads return", () => {
    const code = `import { PrismaClient } from "@prisma/client";\nexport class Teams {\n  constructor(private prisma: PrismaClient, private mailer: any, private users: any) {\n    this.users.notifyUserDataHandlers(this);\n  }\n  async getTeam(id: string) { return this.prisma.team.findUnique({ where: { id }, select: { id: true, name: true } }); }\n  async invite(email: string) { await this.mailer.sendUserInvitationEmail(email); }\n  async leave(id: string) { await this.users.markTeamLeft(id); }\n}`;
    const finding = findings(code).find((f) => f.codemod === "cache-wrap");
    const sameClass = (finding?.reasons ?? []).filter((r) => r.startsWith("its class or module also writes"));
    expect(sameClass.join(" ")).toContain("markTeamLeft");
    expect(sameClass.join(" ")).not.toMatch(/sendUserInvitationEmail|notifyUserDataHandlers/);
  });
  it.each([
    [`import { auth } from "@/auth";`, "const session = await auth();", "cache-request-scoped"],
    [`import { getServerAuthSession } from "~/server/auth";`, "const session = await getServerAuthSession();", "cache-request-scoped"],
    [`import { auth } from "firebase-admin";`, "const session = await auth().getUser(id);", undefined],
  ])("%s %s -> %s", (imports, read, expected) => {
    const [f] = findings(`import axios from "axios";\n${imports}\nexport async function getProfile(id: string) {\n  ${read}\n  return (await axios.get("/p/" + id)).data;\n}`);
    const ids = (f?.reasons ?? []).filter((r) => r.startsWith("reads who is calling"));
    expect(ids.length > 0 ? "cache-request-scoped" : undefined).toBe(expected);
  });

  it("a project's own class named like a client is not called a MongoDB client", () => {
    const [own] = findings(`import axios from "axios";\nimport { Collection } from "@server/models";\nexport async function getStats(collection: Collection) { return (await axios.get("/s/" + collection.id)).data; }`);
    expect(own?.reasons?.[0]).toContain("a `Collection` from `@server/models`");
    const [mongo] = findings(`import axios from "axios";\nimport { Collection } from "mongodb";\nexport async function getStats(collection: Collection) { return (await axios.get("/s/" + collection.namespace)).data; }`);
    expect(mongo?.reasons?.[0]).toContain("an API/database client (`Collection`)");
  });

  it("an HTTP POST elsewhere in the module is another service's business", () => {
    const [finding] = findings(`import axios from "axios";\nexport async function getUser(id: string) { return (await axios.get("/u/" + id)).data; }\nexport async function track(e: string) { await axios.post("/events", { e }); }`);
    expect(finding?.safety).toBe("safe");
  });
});

/** The last line of the function that starts on `line` (1-based). */
function functionEndLine(sf: ts.SourceFile, line: number): number {
  let end = line;
  const visit = (n: ts.Node): void => {
    if ((ts.isFunctionLike(n) || ts.isVariableStatement(n)) && sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1 === line) {
      end = Math.max(end, sf.getLineAndCharacterOfPosition(n.getEnd()).line + 1);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return end;
}

describe("assess and the codemod agree on every cache-wrap fixture", () => {
  const dir = join(import.meta.dirname, "../../fixtures/cache-wrap");
  for (const input of readdirSync(dir).filter((f) => f.includes(".input.")).sort()) {
    it(input, () => {
      const text = readFileSync(join(dir, input), "utf8");
      const options = /^\/\/ options: (\{.*\})/m.exec(text)?.[1];
      const extra = options ? JSON.parse(options) : {};
      const plan = planText(join(dir, input), text, { codemods: [cacheWrap], batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false, ...extra });
      const sf = ts.createSourceFile(input, text, ts.ScriptTarget.Latest, true, scriptKindFor(input));
      const found = detectFile(sf, { fileLabel: input, catalog, cacheWrap: extra.cacheWrap }).findings.filter((f) => f.codemod === "cache-wrap");
      const refused = new Set(plan.skips.flatMap((s) => s.reasons.map((r) => r.message)));
      for (const f of found) {
        // the one check that is the codemod's own: whether the name `cached` is free for its import
        const nameTaken = plan.skips.some((s) => s.reasons.some((r) => r.id === "cache-shape"));
        if (f.safety === "safe" && !nameTaken) expect(plan.updated, `${f.function} is safe in assess, so it is wrapped`).toBeDefined();
        else for (const r of f.reasons ?? []) if (!/cached` already names/.test(r)) expect(refused, `${f.function}: ${r}`).toContain(r);
      }
      const all = detectFile(sf, { fileLabel: input, catalog, cacheWrap: extra.cacheWrap }).findings;
      for (const skip of plan.skips) {
        if (skip.reasons.some((r) => r.id === "cache-shape")) continue; // the import-name check is the codemod's own
        // a read only the codemod's fallback classifier knows (its client comes from a module the run cannot
        // resolve) has no assess finding to carry the verdict
        const fnEnd = functionEndLine(sf, skip.line);
        if (!all.some((f) => f.kind !== "sequential-await" && f.line >= skip.line && f.line <= fnEnd)) continue;
        expect(found.some((f) => f.safety !== "safe" && f.reasons?.includes(skip.reasons[0]!.message)), `assess shows the skip at line ${skip.line}`).toBe(true);
      }
    });
  }
});

describe("reads the app itself writes (cache-same-class-writes)", () => {
  it("a read through a helper of the class counts: the store's delete() writes the same table's library", () => {
    const source = `import type { Knex } from "knex";
export class UserStore {
  constructor(private readonly db: Knex) {}
  private activeUsers() {
    return this.db("users").where({ deleted_at: null });
  }
  async getAllWithId(ids: number[]) {
    const users = await this.activeUsers().select("id", "name").whereIn("id", ids);
    return users.map((u) => ({ id: u.id, name: u.name }));
  }
  async delete(id: number) {
    await this.db("users").where({ id }).update({ deleted_at: new Date() });
  }
}
`;
    const plan = planText("store.ts", source, { codemods: CODEMODS.filter((c) => c.name === "cache-wrap"), batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false });
    expect(plan.updated).toBeUndefined();
    expect(plan.skips.find((s) => s.line === 7)?.reasons.map((r) => r.id)).toContain("cache-same-class-writes");
  });
});

describe("test code (cache-test-code)", () => {
  const source = `import axios from "axios";
export async function getSetup(id: string) {
  const { data } = await axios.get("https://api.example.com/fixtures/" + id);
  return data as { id: string };
}
`;
  const plan = (file: string) => planText(file, source, { codemods: CODEMODS.filter((c) => c.name === "cache-wrap"), batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false });
  it.each(["/repo/src/health-check.test.ts", "/repo/src/api.spec.js", "/repo/test/e2e/users.e2e.ts", "/repo/src/__tests__/setup.ts", "/repo/src/__mocks__/api.ts"])("%s is left alone", (file) => {
    const result = plan(file);
    expect(result.updated).toBeUndefined();
    expect(result.skips[0]?.reasons.map((r) => r.id)).toContain("cache-test-code");
  });
  it("a repo that lives under a directory called tests is not test code", () => {
    expect(plan("/home/dev/tests/shop/src/setup.ts").updated).toContain('cached("setup"');
  });
});

describe("names that Object.prototype also has", () => {
  it("a call named toString or constructor in a cacheable function is no clock read and no crash", () => {
    const [finding] = findings(`import axios from "axios";\nexport async function getThing(id: number) {\n  const { data } = await axios.get(\`https://x.example.com/\${id.toString()}\`);\n  return data.constructor(data.valueOf());\n}`);
    expect(finding?.reasons ?? []).not.toContainEqual(expect.stringContaining("clock"));
  });
});

describe("whole rows of a table that holds credentials (cache-whole-row)", () => {
  const whole = (code: string) => (findings(code)[0]?.reasons ?? []).some((r) => r.startsWith("reads whole `"));
  it.each([
    ["prisma without select", `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\nexport async function getUserByEmail(email: string) { return prisma.user.findFirst({ where: { email } }); }`, true],
    ["prisma with select", `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\nexport async function getUserByEmail(email: string) { return prisma.user.findFirst({ where: { email }, select: { id: true } }); }`, false],
    ["prisma with omit", `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\nexport async function getWebhooks(teamId: number) { return prisma.webhook.findMany({ where: { teamId }, omit: { secret: true } }); }`, false],
    ["a table without credentials", `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\nexport async function getProducts(shop: number) { return prisma.product.findMany({ where: { shop } }); }`, false],
    ["sequelize without attributes", `import { Model } from "sequelize";\nclass User extends Model {}\nexport async function getUserById(id: number) { return User.findOne({ where: { id } }); }`, true],
    ["sequelize raw rows (every column still)", `import { Model } from "sequelize";\nclass User extends Model {}\nexport async function getUserByEmail(email: string) { return User.findOne({ where: { email }, raw: true }); }`, true],
    ["sequelize with attributes", `import { Model } from "sequelize";\nclass User extends Model {}\nexport async function getUserById(id: number) { return User.findOne({ where: { id }, attributes: ["id", "name"] }); }`, false],
    ["sequelize findByPk with attributes in its options", `import { Model } from "sequelize";\nclass User extends Model {}\nexport async function getUserEmail(id: number) { return User.findByPk(id, { attributes: ["email"] }); }`, false],
    ["sequelize findByPk without options", `import { Model } from "sequelize";\nclass User extends Model {}\nexport async function getUserById(id: number) { return User.findByPk(id); }`, true],
    ["mongoose without select", `import mongoose from "mongoose";\nconst User = mongoose.model("User", schema);\nexport async function getUsers(team: string) { return User.find({ team }).lean(); }`, true],
    ["mongoose with select", `import mongoose from "mongoose";\nconst User = mongoose.model("User", schema);\nexport async function getUsers(team: string) { return User.find({ team }).select("name").lean(); }`, false],
    ["a count is a number, not rows", `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\nexport async function getUserCountByTeam(teamId: number) { return prisma.user.count({ where: { teamId } }); }`, false],
  ])("%s", (_name, code, expected) => expect(whole(code)).toBe(expected));

  // with the project's schema: a table is known to hold secrets by its fields
  const schema = parsePrismaSchema([`model Link {\n  id String @id\n  url String\n  password String?\n}\nmodel Postback {\n  id String @id\n  webhookSecret String\n}\nmodel Product {\n  id String @id\n  tokenCount Int\n  publicKey String\n}`]);
  const wholeWith = (code: string) => (findings(code, "service.ts", schema)[0]?.reasons ?? []).find((r) => r.startsWith("reads whole `"));
  it.each([
    ["a Prisma read of a model with a password field", `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\nexport async function getLinkByKey(key: string) { return prisma.link.findUnique({ where: { key } }); }`, "reads whole `link` rows, with `password` (no `select`)"],
    ["a Prisma read of a model with a secret field", `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\nexport async function getPostbackOrThrow(id: string) { return prisma.postback.findUniqueOrThrow({ where: { id } }); }`, "reads whole `postback` rows, with `webhookSecret` (no `select`)"],
    ["raw SQL's SELECT * of such a model's table", `import { connect } from "@planetscale/database";\nconst conn = connect({ url: process.env.DATABASE_URL });\nexport async function getLinkViaEdge(domain: string, key: string) { const { rows } = await conn.execute("SELECT * FROM Link WHERE domain = ? AND \`key\` = ?", [domain, key]); return rows[0]; }`, "reads whole `link` rows, with `password` (no column list)"],
    ["raw SQL naming its columns", `import { connect } from "@planetscale/database";\nconst conn = connect({ url: process.env.DATABASE_URL });\nexport async function getLinkUrl(domain: string, key: string) { const { rows } = await conn.execute("SELECT url FROM Link WHERE domain = ? AND \`key\` = ?", [domain, key]); return rows[0]; }`, undefined],
    ["a model whose fields only sound like secrets (tokenCount, publicKey)", `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\nexport async function getProduct(id: string) { return prisma.product.findUnique({ where: { id } }); }`, undefined],
  ])("%s", (_name, code, expected) => expect(wholeWith(code)?.split(", which may")[0]).toBe(expected));
});

describe("membership filters (cache-membership)", () => {
  const membership = (where: string) =>
    (findings(`import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\nexport async function getTeam(teamId: number, userId: number) {\n  return prisma.team.findFirst({ where: ${where}, select: { id: true } });\n}`)[0]?.reasons ?? []).some((r) => r.startsWith("its query checks who belongs"));
  it.each([
    ["{ id: teamId, members: { some: { userId } } }", true],
    ["{ id: teamId, organisationGroupMembers: { some: { organisationMember: { userId } } } }", true],
    ["{ id: teamId, teamMembers: { some: { user: { id: userId } } } }", true],
    ["{ id: teamId, members: { some: { role: \"ADMIN\" } } }", false],
    ["{ id: teamId, ownerId: userId }", false],
  ])("%s", (where, expected) => expect(membership(where)).toBe(expected));
});

describe("LLM libraries a config adds", () => {
  it("a completion through a library the config names is a read, as in the estimate", () => {
    const code = `import Replicate from "replicate";
const replicate = new Replicate();
export async function getArticleSummary(text: string) {
  const output = await replicate.run("meta/llama-3-8b-instruct", { input: { prompt: "Summarize: " + text } });
  return String(output);
}
`;
    const sf = ts.createSourceFile("svc.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const [finding] = detectFile(sf, { fileLabel: "svc.ts", catalog: buildCatalog({ replicate: "api" }) }).findings;
    expect(finding).toMatchObject({ library: "replicate", codemod: "cache-wrap", safety: "safe" });
  });
});

describe("client parameters by declared type", () => {
  it.each([
    ["Knex", `import type { Knex } from "knex";`, "db.select(\"*\").from(\"users\").where({ id })"],
    ["PrismaClient", `import { PrismaClient } from "@prisma/client";`, "db.user.findUnique({ where: { id }, select: { id: true } })"],
    ["Pool", `import { Pool } from "pg";`, "db.query(\"select id from users where id = $1\", [id])"],
    ["PoolClient", `import type { PoolClient } from "pg";`, "db.query(\"select id from users where id = $1\", [id])"],
  ])("a %s parameter is an API/database client", (type, imports, query) => {
    const [finding] = findings(`${imports}\nexport async function getUserRow(db: ${type}, id: string) {\n  return ${query};\n}\n`);
    expect(finding?.reasons).toContainEqual(`parameter \`db\` is an API/database client (\`${type}\`), which cannot be part of a cache key`);
  });
});

describe("access checks in the body (cache-authorization-call)", () => {
  it.each([
    ["CASL's throwUnlessCan", `import { ForbiddenError } from "@casl/ability";\nimport type { Knex } from "knex";\nexport function makeService(db: Knex, permissionService: { getOrgPermission(a: string, o: string): Promise<{ permission: unknown }> }) {\n  const getIntegrationChannels = async (actorId: string, orgId: string) => {\n    const { permission } = await permissionService.getOrgPermission(actorId, orgId);\n    ForbiddenError.from(permission as never).throwUnlessCan("read", "Settings");\n    return db("integrations").where({ orgId }).first("id", "name");\n  };\n  return { getIntegrationChannels };\n}\n`],
    ["a permission lookup by its name", `import type { Knex } from "knex";\nexport function makeService(db: Knex, perms: { getProjectPermission(a: string, p: string): Promise<void> }) {\n  const getProjectItems = async (actorId: string, projectId: string) => {\n    await perms.getProjectPermission(actorId, projectId);\n    return db("secrets").where({ projectId }).select("id", "name");\n  };\n  return { getProjectItems };\n}\n`],
  ])("%s makes the wrap unsafe", (_, code) => {
    const finding = findings(code).find((f) => f.codemod === "cache-wrap");
    expect(finding?.safety).toBe("unsafe");
    expect(finding?.reasons?.join("\n")).toMatch(/decides who may do what/);
  });
});

describe("a function that reads nothing is no candidate", () => {
  it("a named write alone does not make a skip", () => {
    const plan = planText("/repo/src/util.ts", `import { track } from "@acme/analytics";\nexport async function getNothing(id: string) {\n  track("x", { id });\n  return id;\n}\n`, { codemods: [cacheWrap], batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false });
    expect(plan.skips).toEqual([]);
  });
});

describe("value objects made by a factory", () => {
  it("a command's create() is no write", () => {
    const [finding] = findings(`import axios from "axios";\nimport { GetUserCommand } from "./commands";\nexport async function getUserProfile(id: string) {\n  const command = GetUserCommand.create({ id });\n  const { data } = await axios.get("https://api.example.com/users/" + command.id);\n  return data as { name: string };\n}\n`);
    expect(finding?.reasons ?? []).not.toContainEqual(expect.stringContaining("whose name says it changes something"));
  });
});

describe("destructured parameters whose type does not show", () => {
  it("a request among the names is refused", () => {
    const [finding] = findings(`import type { PayloadRequest } from "payload";\ntype Args = { collectionSlug: string; desiredFilename: string; req: PayloadRequest };\nexport async function getSafeFileName({ collectionSlug, desiredFilename, req }: Args) {\n  const { data } = await fetch("https://files.example.com/" + collectionSlug + "/" + desiredFilename).then((r) => r.json());\n  return String(data) + req.locale;\n}\n`);
    expect(finding?.safety).toBe("unsafe");
    expect(finding?.reasons?.join("\n")).toContain("parameter `req` is by its name a request, response or context object (the type `Args` does not show here), which cannot be part of a cache key");
  });
});
