// Monorepos: a workspace package's imports (`@acme/db`, `@acme/lib/server/x`) are the project's own files, found
// without node_modules; and a write through a client no run could follow still counts against cached reads.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runAssessment } from "../../src/scan/assess.js";
import { workspacePackages } from "../../src/scan/workspaces.js";
import { planMigration } from "../../src/migrate/plan.js";
import { CODEMODS } from "../../codemods/index.js";

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "optimigrate-workspaces-"));
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const GET_USER = `import { prisma } from "@acme/db";

export async function getUserById(id: string) {
  return prisma.user.findFirst({ where: { id }, select: { id: true, name: true } });
}
`;
const DISABLE_USER = `import { prisma } from "@acme/db";
import { getUserById } from "@acme/lib/server/get-user";

export async function disableUser(id: string) {
  const user = await getUserById(id);
  await prisma.user.update({ where: { id: user!.id }, data: { disabled: true } });
}
`;

describe("workspace packages", () => {
  it("lists npm/Yarn workspaces with their entries, built entries mapped back to src", () => {
    const root = repo({
      "package.json": JSON.stringify({ private: true, workspaces: { packages: ["packages/*"] } }),
      "packages/db/package.json": JSON.stringify({ name: "@acme/db", main: "index.ts" }),
      "packages/ui/package.json": JSON.stringify({ name: "@acme/ui", exports: { ".": { types: "./dist/index.d.ts", import: "./dist/index.mjs" } } }),
      "packages/no-name/package.json": JSON.stringify({ private: true }),
      "packages/ignored/node_modules/x/package.json": JSON.stringify({ name: "x" }),
    });
    const packages = workspacePackages(join(root, "packages/db"));
    expect(packages.map((p) => p.name)).toEqual(["@acme/db", "@acme/ui"]);
    expect(packages[0]!.entries).toContain(join(root, "packages/db/index"));
    // the source first: the run reads source, and dist/ is build output it never scans
    expect(packages[1]!.entries[0]).toBe(join(root, "packages/ui/src/index"));
  });

  it("reads pnpm-workspace.yaml, negations included", () => {
    const root = repo({
      "package.json": JSON.stringify({ name: "top" }),
      "pnpm-workspace.yaml": "packages:\n  - 'packages/*'\n  - \"apps/*\" # the apps\n  - '!packages/legacy'\ncatalog:\n  - nope/*\n",
      "packages/db/package.json": JSON.stringify({ name: "@acme/db" }),
      "packages/legacy/package.json": JSON.stringify({ name: "@acme/legacy" }),
      "apps/web/package.json": JSON.stringify({ name: "web" }),
      "nope/x/package.json": JSON.stringify({ name: "nope" }),
    });
    expect(workspacePackages(root).map((p) => p.name)).toEqual(["web", "@acme/db"]);
  });

  it("is empty outside a workspace", () => {
    expect(workspacePackages(repo({ "package.json": JSON.stringify({ name: "solo" }) }))).toEqual([]);
  });
});

describe("assess in a monorepo", () => {
  it("finds queries on a client another workspace package exports, and the write elsewhere that makes a cached read review", async () => {
    const root = repo({
      "package.json": JSON.stringify({ private: true, workspaces: ["apps/*", "packages/*"] }),
      "packages/db/package.json": JSON.stringify({ name: "@acme/db", main: "index.ts" }),
      "packages/db/index.ts": `import { PrismaClient } from "@prisma/client";\nexport const prisma = new PrismaClient();\n`,
      "packages/lib/package.json": JSON.stringify({ name: "@acme/lib" }),
      "packages/lib/server/get-user.ts": GET_USER,
      "apps/web/disable.ts": DISABLE_USER,
    });
    const { findings } = await runAssessment({ root, paths: [root], workers: 0 });
    const queries = findings.filter((f) => f.kind === "db-query").map((f) => `${f.file}:${f.line} ${f.operation} ${f.safety ?? ""}`);
    expect(queries).toEqual(["apps/web/disable.ts:6 write ", "packages/lib/server/get-user.ts:4 read review"]);
    expect(findings.find((f) => f.file === "packages/lib/server/get-user.ts")!.reasons!.join(" ")).toContain("apps/web/disable.ts:6");
  });

  it("without the package in the run, a write through its client still makes the read review (migrate's pre-pass too)", async () => {
    const root = repo({
      "src/get-user.ts": GET_USER,
      "src/disable-user.ts": DISABLE_USER.replace(`import { getUserById } from "@acme/lib/server/get-user";\n`, "").replace("const user = await getUserById(id);\n  ", "").replace("user!.id", "id"),
    });
    const plan = await planMigration({ root, paths: [root], codemods: CODEMODS.filter((c) => c.name === "cache-wrap"), batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false, workers: 0 });
    const file = plan.files.find((f) => f.path === "src/get-user.ts")!;
    expect(file.skips.map((s) => [s.line, s.reasons.map((r) => r.id)])).toEqual([[3, ["cache-written-elsewhere"]]]);
    expect(file.updated).toBeUndefined();
  });
});

describe("which writer a cache-written-elsewhere reason names", () => {
  it("names the app's own write before a test's seeding", async () => {
    const root = repo({
      "package.json": JSON.stringify({ private: true, workspaces: ["packages/*"] }),
      "packages/db/package.json": JSON.stringify({ name: "@acme/db", main: "index.ts" }),
      "packages/db/index.ts": `import { PrismaClient } from "@prisma/client";\nexport const prisma = new PrismaClient();\n`,
      "src/get-user.ts": GET_USER,
      "e2e/a-seed.spec.ts": `import { prisma } from "@acme/db";\nit("seeds", async () => {\n  await prisma.user.create({ data: {} });\n});\n`,
      "src/z-disable-user.ts": `import { prisma } from "@acme/db";\nexport async function disableUser(id: string) {\n  await prisma.user.update({ where: { id }, data: { disabled: true } });\n}\n`,
    });
    const { findings } = await runAssessment({ root, paths: [root], workers: 0 });
    const read = findings.find((f) => f.file === "src/get-user.ts")!;
    expect(read.safety).toBe("review");
    expect(read.reasons!.join(" ")).toContain("`src/z-disable-user.ts:3`");
  });
});

describe("verdicts follow helpers across workspace imports", () => {
  it("sees the write inside a helper another package exports, as cache-wrap and parallel-awaits both should", async () => {
    const root = repo({
      "package.json": JSON.stringify({ private: true, workspaces: ["apps/*", "packages/*"] }),
      "packages/db/package.json": JSON.stringify({ name: "@acme/db", main: "index.ts" }),
      "packages/db/index.ts": `import { PrismaClient } from "@prisma/client";\nexport const prisma = new PrismaClient();\n`,
      "packages/auth/package.json": JSON.stringify({ name: "@acme/auth" }),
      "packages/auth/session.ts": `import { prisma } from "@acme/db";\n\nexport async function getSession(token: string) {\n  const session = await prisma.session.findFirst({ where: { token } });\n  if (session && session.expires < 0) await prisma.session.delete({ where: { token } });\n  return session;\n}\n`,
      "apps/web/layout.ts": `import { getSession } from "@acme/auth/session";\nimport { prisma } from "@acme/db";\n\nexport async function layout(token: string, id: string) {\n  const session = await getSession(token);\n  const banner = await prisma.banner.findFirst({ where: { id } });\n  return { session, banner };\n}\n`,
    });
    const { findings } = await runAssessment({ root, paths: [root], workers: 0 });
    const awaits = findings.filter((f) => f.file === "apps/web/layout.ts" && f.kind === "sequential-await");
    expect(awaits.length).toBeGreaterThan(0);
    expect(awaits.map((f) => f.safety)).not.toContain("safe");
    expect(awaits.flatMap((f) => f.reasons ?? []).join(" "), JSON.stringify(awaits, null, 1)).toContain("prisma.session.delete");
  });
});

describe("a library export a workspace package re-exports", () => {
  it("`export { drizzle } from \"drizzle-orm/mysql2\"` in @acme/db: the app's drizzle(pool) client is found", async () => {
    const root = repo({
      "package.json": JSON.stringify({ private: true, workspaces: ["apps/*", "internal/*"] }),
      "internal/db/package.json": JSON.stringify({ name: "@acme/db", main: "src/index.ts" }),
      "internal/db/src/index.ts": `export { drizzle } from "drizzle-orm/mysql2";\nexport * from "./schema";\n`,
      "internal/db/src/schema.ts": `export const keys = {};\n`,
      "apps/dashboard/lib/db.ts": `import { drizzle } from "@acme/db";\nimport mysql from "mysql2/promise";\nexport const db = drizzle(mysql.createPool({}), { mode: "default" });\n`,
      "apps/dashboard/lib/get-api.ts": `import { db } from "./db";\nexport async function getApi(id: string) {\n  return db.query.apis.findFirst({ where: (t, { eq }) => eq(t.id, id) });\n}\n`,
    });
    const { findings } = await runAssessment({ root, paths: [root], workers: 0 });
    expect(findings.filter((f) => f.kind === "db-query").map((f) => `${f.file}:${f.line} ${f.library} ${f.operation}`)).toEqual(["apps/dashboard/lib/get-api.ts:3 drizzle-orm read"]);
  });
});
