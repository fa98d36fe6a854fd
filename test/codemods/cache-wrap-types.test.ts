// cache-wrap asks the repo's tsconfig where the syntax cannot tell: a parameter typed by a class imported
// from another file (instances with methods are not plain data), a return type that is such a class.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CODEMODS } from "../../codemods/index.js";
import { planMigration } from "../../src/migrate/plan.js";

const dir = mkdtempSync(join(tmpdir(), "optimigrate-cachewrap-types-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("cache-wrap with type answers", () => {
  it("refuses class-typed parameters and returns from another file, wraps interface-typed ones", async () => {
    mkdirSync(join(dir, "src"));
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", skipLibCheck: true }, include: ["src"] }));
    writeFileSync(join(dir, "src/models.ts"), `export class QuoteClient {\n  constructor(private readonly key: string) {}\n  headers() { return { authorization: this.key }; }\n}\nexport class Account {\n  constructor(public id: string) {}\n  label() { return "#" + this.id; }\n}\nexport interface Filter { region: string; limit: number }\n`);
    writeFileSync(
      join(dir, "src/service.ts"),
      `import axios from "axios";
import { Account, QuoteClient, type Filter } from "./models.js";

export async function getQuote(client: QuoteClient, symbol: string) {
  const { data } = await axios.get("/quotes/" + symbol, { headers: client.headers() });
  return data as number;
}

export async function getAccount(id: string): Promise<Account> {
  const { data } = await axios.get("/accounts/" + id);
  return new Account(data.id as string);
}

export async function getStatement({ account, month }: { account: Account; month: string }) {
  const { data } = await axios.get("/statements/" + account.id + "/" + month);
  return data as { total: number };
}

export async function getAccounts(filter: Filter) {
  const { data } = await axios.get("/accounts", { params: filter });
  return data as { id: string }[];
}
`,
    );
    const plan = await planMigration({ root: dir, paths: [dir], codemods: CODEMODS.filter((c) => c.name === "cache-wrap"), batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false, workers: 0 });
    const service = plan.files.find((f) => f.path === "src/service.ts")!;
    const skips = Object.fromEntries(service.skips.map((s) => [s.line, s.reasons.map((r) => `${r.id}: ${r.message}`)]));
    expect(skips[4]).toEqual(["cache-param: parameter `client` is an instance of the class `QuoteClient` (it has methods), which cannot be part of a cache key"]);
    expect(skips[9]?.[0]).toMatch(/^cache-returns: returns an instance of the class `Account`/);
    expect(skips[14]?.[0]).toMatch(/^cache-param: parameter `\{ account, month \}` is an instance of the class `Account`/);
    expect(service.updated).toContain('return cached("accounts", [filter], { ttl: 300 }, async () => {');
  });

  it("refuses a command class without methods, which the runtime would not take as a key either", async () => {
    const root = join(dir, "commands");
    mkdirSync(join(root, "src"), { recursive: true });
    writeFileSync(join(root, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", skipLibCheck: true }, include: ["src"] }));
    writeFileSync(join(root, "src/commands.ts"), `export class GetTenantsCommand {\n  environmentId!: string;\n  limit!: number;\n}\nexport interface TenantsQuery { environmentId: string; limit: number }\n`);
    writeFileSync(
      join(root, "src/tenants.ts"),
      `import axios from "axios";
import type { GetTenantsCommand, TenantsQuery } from "./commands.js";

export async function getTenants(command: GetTenantsCommand) {
  const { data } = await axios.get("https://api.example.com/tenants/" + command.environmentId);
  return data as { id: string }[];
}

export async function getTenantParams(id: string) {
  const { data } = await axios.get("https://api.example.com/tenants/" + id + "/params");
  return new URLSearchParams(data as Record<string, string>);
}

export async function getTenantPage(query: TenantsQuery) {
  const { data } = await axios.get("https://api.example.com/tenants/" + query.environmentId, { params: { limit: query.limit } });
  return data as { id: string }[];
}
`,
    );
    const plan = await planMigration({ root, paths: [root], codemods: CODEMODS.filter((c) => c.name === "cache-wrap"), batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false, workers: 0 });
    const file = plan.files.find((f) => f.path === "src/tenants.ts")!;
    expect(file.skips.map((s) => [s.line, s.reasons.map((r) => r.id)])).toEqual([
      [4, ["cache-param"]],
      [9, ["cache-returns"]],
    ]);
    expect(file.skips[0]!.reasons[0]!.message).toBe("parameter `command` is an instance of the class `GetTenantsCommand` (the cache keeps plain data only, so such calls would run uncached), which cannot be part of a cache key");
    expect(file.updated).toContain('cached("tenant_page", [query]');
  });

  it("asks each package's own tsconfig when run at a monorepo's root", async () => {
    const root = join(dir, "mono");
    const pkg = join(root, "packages/billing");
    mkdirSync(join(pkg, "src"), { recursive: true });
    mkdirSync(join(root, ".git"));
    writeFileSync(join(root, "package.json"), JSON.stringify({ name: "mono", private: true }));
    writeFileSync(join(pkg, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", skipLibCheck: true }, include: ["src"] }));
    writeFileSync(join(pkg, "src/models.ts"), `export class Invoice {\n  constructor(public id: string) {}\n  label() { return "#" + this.id; }\n}\n`);
    writeFileSync(
      join(pkg, "src/invoices.ts"),
      `import axios from "axios";
import type { Invoice } from "./models.js";

export async function getLines(invoice: Invoice) {
  const { data } = await axios.get("https://api.example.com/invoices/" + invoice.id + "/lines");
  return data as { amount: number }[];
}
`,
    );
    const plan = await planMigration({ root, paths: [root], codemods: CODEMODS.filter((c) => c.name === "cache-wrap"), batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false, workers: 0 });
    const file = plan.files.find((f) => f.path === "packages/billing/src/invoices.ts")!;
    expect(file.skips.map((s) => [s.line, s.reasons.map((r) => r.id)])).toEqual([[4, ["cache-param"]]]);
    expect(file.updated).toBeUndefined();
  });

  it("keeps its type answers in a file another codemod has already changed", async () => {
    const root = join(dir, "after-parallel");
    mkdirSync(join(root, "src"), { recursive: true });
    writeFileSync(join(root, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", skipLibCheck: true }, include: ["src"] }));
    writeFileSync(join(root, "src/models.ts"), `export class Account {\n  constructor(public id: string) {}\n  label() { return "#" + this.id; }\n}\n`);
    writeFileSync(
      join(root, "src/accounts.ts"),
      `import axios from "axios";
import { Account } from "./models.js";

export async function dashboard(id: string) {
  const profile = await axios.get("https://api.example.com/profiles/" + id);
  const plans = await axios.get("https://api.example.com/plans");
  return { profile: profile.data, plans: plans.data };
}

export async function getAccount(id: string) {
  const { data } = await axios.get("https://api.example.com/accounts/" + id);
  return new Account(data.id as string);
}
`,
    );
    const plan = await planMigration({ root, paths: [root], codemods: CODEMODS.filter((c) => c.name === "parallel-awaits" || c.name === "cache-wrap"), batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false, workers: 0 });
    const file = plan.files.find((f) => f.path === "src/accounts.ts")!;
    expect(file.edits.map((e) => e.codemod)).toEqual(["parallel-awaits"]);
    expect(file.skips.filter((s) => s.codemod === "cache-wrap").map((s) => [s.line, s.reasons.map((r) => r.id)])).toEqual([[10, ["cache-returns"]]]);
  });
});
