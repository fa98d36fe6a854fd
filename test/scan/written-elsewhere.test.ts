// A cached read of a table another file of the project writes (a CQRS read model beside its store): assess and
// migrate both make it review, naming the write, since only the whole run shows it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runAssessment } from "../../src/scan/assess.js";
import { planMigration } from "../../src/migrate/plan.js";
import { CODEMODS } from "../../codemods/index.js";

const root = mkdtempSync(join(tmpdir(), "optimigrate-written-elsewhere-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, "src"));
writeFileSync(
  join(root, "src/dependents-store.ts"),
  `import type { Knex } from "knex";
export class DependentsStore {
  constructor(private readonly db: Knex) {}
  async upsert(parent: string, child: string) {
    await this.db("dependent_features").insert({ parent, child }).onConflict(["parent", "child"]).ignore();
  }
}
`,
);
writeFileSync(
  join(root, "src/dependents-read-model.ts"),
  `import type { Knex } from "knex";
export class DependentsReadModel {
  constructor(private readonly db: Knex) {}
  async getChildren(parents: string[]) {
    const rows = await this.db("dependent_features").whereIn("parent", parents);
    return [...new Set(rows.map((row) => row.child as string))];
  }
  async getFlagNames(project: string) {
    const rows = await this.db("features").where({ project }).select("name");
    return rows.map((row) => row.name as string);
  }
}
`,
);
// the write goes through a query helper of the store (`this.activeUsers()` returns `this.db(TABLE).where(…)`)
writeFileSync(
  join(root, "src/users-store.ts"),
  `import type { Knex } from "knex";
const TABLE = "users";
export class UsersStore {
  constructor(private readonly db: Knex) {}
  private activeUsers() {
    return this.db(TABLE).whereNull("deleted_at");
  }
  async markSeen(id: string) {
    await this.activeUsers().where({ id }).update({ seen_at: new Date() });
  }
}
`,
);
writeFileSync(
  join(root, "src/users-read-model.ts"),
  `import type { Knex } from "knex";
export class UsersReadModel {
  constructor(private readonly db: Knex) {}
  async getUsers(team: string) {
    return this.db("users").where({ team });
  }
}
`,
);

// Kysely (Immich): the write is inside a transaction callback of another repository
writeFileSync(
  join(root, "src/asset-edit.repository.ts"),
  `import { Kysely } from "kysely";
export class AssetEditRepository {
  constructor(private db: Kysely<any>) {}
  async replaceAll(assetId: string, edits: { action: string }[]) {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom("asset_edit").where("assetId", "=", assetId).execute();
    });
  }
}
`,
);
writeFileSync(
  join(root, "src/asset-job.repository.ts"),
  `import { Kysely } from "kysely";
export class AssetJobRepository {
  constructor(private db: Kysely<any>) {}
  async getForThumbnailJob(id: string) {
    return this.db.selectFrom("asset_edit").selectAll().where("assetId", "=", id).execute();
  }
}
`,
);

// a file that reads and writes `settings` itself (first in the run's order) and another file writing it too
writeFileSync(
  join(root, "src/a-settings-store.ts"),
  `import type { Knex } from "knex";
export class SettingsStore {
  constructor(private readonly db: Knex) {}
  async getSettings(team: string) {
    return this.db("settings").where({ team });
  }
}
export class SettingsCleaner {
  constructor(private readonly db: Knex) {}
  async purge(team: string) {
    await this.db("settings").where({ team }).del();
  }
}
`,
);
writeFileSync(
  join(root, "src/z-settings-admin.ts"),
  `import type { Knex } from "knex";
export async function resetSettings(db: Knex, team: string) {
  await db("settings").where({ team }).update({ theme: null });
}
`,
);

// Sequelize (Outline): models of a models module, read in a helper and written in a task
mkdirSync(join(root, "src/models"));
writeFileSync(
  join(root, "src/models/index.ts"),
  `import { Model } from "sequelize";
export class Subscription extends Model {}
export class View extends Model {}
`,
);
writeFileSync(
  join(root, "src/notification-helper.ts"),
  `import { Subscription, View } from "./models";
export async function getSubscribers(documentId: string) {
  return Subscription.findAll({ where: { documentId }, raw: true });
}
export async function getViewCount(documentId: string) {
  return View.count({ where: { documentId } });
}
`,
);
writeFileSync(
  join(root, "src/subscriptions-task.ts"),
  `import { Subscription } from "./models";
export async function subscribe(documentId: string, userId: string) {
  await Subscription.create({ documentId, userId });
}
`,
);

describe("reads of a table another file writes", () => {
  it("Sequelize: a model another file writes is review, one nobody writes stays safe", async () => {
    const assessment = await runAssessment({ root, paths: [root], workers: 0 });
    expect(assessment.findings.find((f) => f.file === "src/notification-helper.ts" && f.line === 3)).toMatchObject({
      codemod: "cache-wrap",
      safety: "review",
      reasons: ["reads `subscription`, which `src/subscriptions-task.ts:3` writes; a cached read can return data the app itself has since changed, for the whole TTL"],
    });
    expect(assessment.findings.find((f) => f.file === "src/notification-helper.ts" && f.line === 6)).toMatchObject({ codemod: "cache-wrap", safety: "safe" });
  });

  it("finds the other file's write when the reading file writes the table too and comes first", async () => {
    const assessment = await runAssessment({ root, paths: [root], workers: 0 });
    expect(assessment.findings.find((f) => f.file === "src/a-settings-store.ts" && f.line === 5)?.reasons).toContain(
      "reads `settings`, which `src/z-settings-admin.ts:3` writes; a cached read can return data the app itself has since changed, for the whole TTL",
    );
  });

  it("Kysely: a read of a table another repository writes in a transaction is review", async () => {
    const assessment = await runAssessment({ root, paths: [root], workers: 0 });
    expect(assessment.findings.find((f) => f.file === "src/asset-job.repository.ts" && f.line === 5)).toMatchObject({
      codemod: "cache-wrap",
      safety: "review",
      reasons: ["reads `asset_edit`, which `src/asset-edit.repository.ts:6` writes; a cached read can return data the app itself has since changed, for the whole TTL"],
    });
  });

  it("assess: review, naming the write; a table nobody writes stays safe", async () => {
    const assessment = await runAssessment({ root, paths: [root], workers: 0 });
    const read = assessment.findings.find((f) => f.file === "src/dependents-read-model.ts" && f.line === 5)!;
    expect(read).toMatchObject({ codemod: "cache-wrap", safety: "review" });
    expect(read.reasons).toEqual(["reads `dependent_features`, which `src/dependents-store.ts:5` writes; a cached read can return data the app itself has since changed, for the whole TTL"]);
    expect(assessment.findings.find((f) => f.file === "src/dependents-read-model.ts" && f.line === 9)).toMatchObject({ codemod: "cache-wrap", safety: "safe" });
    expect(assessment.findings.find((f) => f.file === "src/users-read-model.ts" && f.line === 5)).toMatchObject({
      codemod: "cache-wrap",
      safety: "review",
      reasons: ["reads `users`, which `src/users-store.ts:9` writes; a cached read can return data the app itself has since changed, for the whole TTL"],
    });
  });

  it("migrate: leaves the read alone by default with the same reason, wraps the other", async () => {
    const plan = await planMigration({ root, paths: [root], codemods: CODEMODS.filter((c) => c.name === "cache-wrap"), batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false, workers: 0 });
    const file = plan.files.find((f) => f.path === "src/dependents-read-model.ts")!;
    expect(file.skips.map((s) => [s.line, s.reasons.map((r) => r.id)])).toEqual([[4, ["cache-written-elsewhere"]]]);
    expect(file.updated).toContain('cached("dependents_read_model.flag_names"');
  });
});
