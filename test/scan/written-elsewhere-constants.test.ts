// Table names held in constant objects (Unleash's `const T = { features: "features" }`, local to a store or
// imported from a tables module): a read and a write elsewhere of the same table are matched, so the read is review.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runAssessment } from "../../src/scan/assess.js";

const root = mkdtempSync(join(tmpdir(), "optimigrate-written-elsewhere-constants-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const files: Record<string, string> = {
  "src/db/tables.ts": `export const T = { features: "features", segments: "segments", ROLE_USER: "role_user" } as const;
`,
  "src/db/feature-store.ts": `import type { Knex } from "knex";
const T = { features: "features", tags: "feature_tag" };
export class FeatureStore {
  constructor(private readonly db: Knex) {}
  async archive(name: string) {
    await this.db(T.features).where({ name }).update({ archived: true });
  }
}
`,
  "src/db/membership-store.ts": `import type { Knex } from "knex";
import { T } from "./tables";
export class MembershipStore {
  constructor(private readonly db: Knex) {}
  async add(userId: number, project: string) {
    await this.db(T.ROLE_USER).insert({ user_id: userId, project });
  }
}
`,
  "src/db/read-model.ts": `import type { Knex } from "knex";
import { T } from "./tables";
const L = { ROLE_USER: "role_user" } as const;
export class ReadModel {
  constructor(private readonly db: Knex) {}
  async getFeatures(project: string) {
    return this.db(T.features).where({ project });
  }
  async getSegments(project: string) {
    return this.db(T.segments).where({ project });
  }
  async getMembers(project: string) {
    return this.db.select("ru.user_id").from(\`\${L.ROLE_USER} as ru\`).where("ru.project", project);
  }
}
`,
};
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

const elsewhere = (table: string, where: string) =>
  `reads \`${table}\`, which \`${where}\` writes; a cached read can return data the app itself has since changed, for the whole TTL`;

describe("table names through constant objects", () => {
  it("a read through an imported T.x, or a template of a local one, is matched with the write elsewhere", async () => {
    const assessment = await runAssessment({ root, paths: [root], workers: 0 });
    const at = (line: number) => assessment.findings.find((f) => f.file === "src/db/read-model.ts" && f.line === line);
    expect(at(7)).toMatchObject({ codemod: "cache-wrap", safety: "review", reasons: [elsewhere("features", "src/db/feature-store.ts:6")] });
    expect(at(13)).toMatchObject({ codemod: "cache-wrap", safety: "review", reasons: [elsewhere("role_user", "src/db/membership-store.ts:6")] });
    // another property of the same object: another table
    expect(at(10)).toMatchObject({ codemod: "cache-wrap", safety: "safe" });
  });
});
