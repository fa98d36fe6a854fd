// A TypeORM query builder names its table (`.from("users")`, `.into("users")`): a cached read of a table another
// file writes is review, as for knex.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runAssessment } from "../../src/scan/assess.js";

const root = mkdtempSync(join(tmpdir(), "optimigrate-written-typeorm-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, "src"));
writeFileSync(
  join(root, "src/read.ts"),
  `import { DataSource } from "typeorm";
const ds = new DataSource({ type: "postgres" });
export async function getUserNames(team: string) {
  const rows = await ds.createQueryBuilder().select("u.name", "name").from("users", "u").where("u.team = :team", { team }).getRawMany();
  return rows.map((r: { name: string }) => r.name);
}
`,
);
writeFileSync(
  join(root, "src/write.ts"),
  `import { DataSource } from "typeorm";
const ds = new DataSource({ type: "postgres" });
export async function addUser(name: string, team: string) {
  await ds.createQueryBuilder().insert().into("users").values({ name, team }).execute();
}
`,
);

describe("TypeORM tables written elsewhere", () => {
  it("a cached query-builder read of a table another file inserts into is review", async () => {
    const assessment = await runAssessment({ root, paths: [root], workers: 0 });
    const read = assessment.findings.find((f) => f.file === "src/read.ts" && f.codemod === "cache-wrap");
    expect(read?.safety).toBe("review");
    expect(read?.reasons?.join("\n")).toContain("reads `users`, which `src/write.ts:4` writes");
  });
});
