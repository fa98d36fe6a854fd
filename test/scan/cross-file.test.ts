// Clients exported by one file are found where other files import them: relative paths, `.js`
// specifiers, tsconfig path aliases, `export *`, named re-exports, CommonJS `module.exports` and exported type aliases.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { runAssessment } from "../../src/scan/assess.js";
// Worker threads need the compiled worker script: the built copy (npm test builds first).
import { runAssessment as runBuiltAssessment } from "../../dist/src/scan/assess.js";

const root = fileURLToPath(new URL("../../fixtures/cross-file-app", import.meta.url));

describe("cross-file client tracking", () => {
  it("follows exports and re-exports into the files that use them", async () => {
    const assessment = await runAssessment({ root, paths: [root], workers: 0 });
    const calls = assessment.findings.filter((f) => f.kind !== "sequential-await").map((f) => `${f.file}:${f.line} ${f.library} ${f.operation}`);
    expect(calls).toEqual([
      "src/services/users.ts:5 mongoose read",
      "src/services/users.ts:6 mongoose read",
      "src/services/users.ts:7 prisma read",
      "src/services/users.ts:8 prisma read",
      "src/stores/feature-store.ts:5 knex read",
    ]);
  });

  it("uses the tsconfig above a scanned subdirectory for its path aliases", async () => {
    const sub = fileURLToPath(new URL("../../fixtures/cross-file-app/src", import.meta.url));
    const assessment = await runAssessment({ root: sub, paths: [sub], workers: 0 });
    const calls = assessment.findings.filter((f) => f.kind !== "sequential-await").map((f) => `${f.file}:${f.line} ${f.library} ${f.operation}`);
    expect(calls).toEqual([
      "services/users.ts:5 mongoose read",
      "services/users.ts:6 mongoose read",
      "services/users.ts:7 prisma read",
      "services/users.ts:8 prisma read",
      "stores/feature-store.ts:5 knex read",
    ]);
  });

  it("follows baseUrl imports (NestJS's `src/…`) and Prisma's generated client that the run does not scan", async () => {
    const dir = mkdtempSync(join(tmpdir(), "optimigrate-baseurl-"));
    try {
      mkdirSync(join(dir, "src/prisma"), { recursive: true });
      mkdirSync(join(dir, "src/users"), { recursive: true });
      mkdirSync(join(dir, "redis"));
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { baseUrl: "./" } }));
      writeFileSync(join(dir, "redis/readme.md"), "a folder named like a package");
      writeFileSync(join(dir, "src/prisma/prisma.service.ts"), `import { PrismaClient } from "src/generated/prisma/client";\nexport class PrismaService extends PrismaClient {}\n`);
      writeFileSync(
        join(dir, "src/users/users.service.ts"),
        `import { PrismaService } from "src/prisma/prisma.service";\nimport Redis from "redis";\nexport class UsersService {\n  constructor(private readonly prisma: PrismaService, private readonly redis: Redis) {}\n  find(id: string) { return this.prisma.user.findUnique({ where: { id } }); }\n  cached(id: string) { return this.redis.get(id); }\n}\n`,
      );
      const assessment = await runAssessment({ root: dir, paths: [dir], workers: 0 });
      expect(assessment.findings.map((f) => `${f.file}:${f.line} ${f.library} ${f.operation}`)).toEqual(["src/users/users.service.ts:5 prisma read", "src/users/users.service.ts:6 redis read"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives each package of a monorepo run at its root the path aliases of its own tsconfig", async () => {
    const dir = mkdtempSync(join(tmpdir(), "optimigrate-monorepo-"));
    const files: Record<string, string> = {
      "package.json": JSON.stringify({ name: "mono", private: true }),
      // both packages say `@/lib/db`, each for its own file
      "apps/api/tsconfig.json": JSON.stringify({ compilerOptions: { paths: { "@/*": ["./src/*"] } } }),
      "apps/api/src/lib/db.ts": `import { PrismaClient } from "@prisma/client";\nexport const db = new PrismaClient();\n`,
      "apps/api/src/users.ts": `import { db } from "@/lib/db";\nexport const user = (id: string) => db.user.findUnique({ where: { id } });\n`,
      "apps/worker/tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@/*": ["lib/*"] } } }),
      "apps/worker/lib/lib/db.ts": `import knex from "knex";\nexport const db = knex({ client: "pg" });\n`,
      "apps/worker/jobs/purge.ts": `import { db } from "@/lib/db";\nexport const purge = () => db("sessions").del();\n`,
    };
    try {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      mkdirSync(join(dir, ".git"));
      const assessment = await runAssessment({ root: dir, paths: [dir], workers: 0 });
      expect(assessment.findings.map((f) => `${f.file}:${f.line} ${f.library} ${f.operation}`)).toEqual(["apps/api/src/users.ts:2 prisma read", "apps/worker/jobs/purge.ts:2 knex write"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("follows the properties of an object a module exports (module.exports = { pool }, export default { client })", async () => {
    const dir = mkdtempSync(join(tmpdir(), "optimigrate-object-exports-"));
    const files: Record<string, string> = {
      "db.js": `const { Pool } = require("pg");\nconst pool = new Pool();\nmodule.exports = { pool, ping: () => "pong" };\n`,
      "users.js": `const { pool } = require("./db");\nconst db = require("./db");\nexports.list = () => pool.query("SELECT * FROM users");\nexports.teams = () => db.pool.query("SELECT * FROM teams");\nexports.ping = () => db.ping();\n`,
      "lib/prisma.ts": `import { PrismaClient } from "@prisma/client";\nconst client = new PrismaClient();\nexport default { client, label: "db" };\n`,
      "site.ts": `import prisma from "./lib/prisma";\nexport const websites = () => prisma.client.website.findMany();\nexport const label = () => prisma.label.toUpperCase();\n`,
    };
    try {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const assessment = await runAssessment({ root: dir, paths: [dir], workers: 0 });
      expect(assessment.findings.filter((f) => f.file !== "db.js").map((f) => `${f.file}:${f.line} ${f.library} ${f.operation}`)).toEqual(["site.ts:2 prisma read", "users.js:3 pg read", "users.js:4 pg read"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives the same answer in worker threads", async () => {
    const inProcess = await runAssessment({ root, paths: [root], workers: 0 });
    const threaded = await runBuiltAssessment({ root, paths: [root], workers: 2 });
    expect(threaded.findings).toEqual(inProcess.findings);
  });
});
