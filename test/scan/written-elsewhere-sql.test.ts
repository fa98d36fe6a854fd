// Raw SQL names its tables by its text (fixtures/raw-sql-app): a cached raw-SQL read of a table another file
// writes is review in assess and left alone by migrate; raw SQL writes count against builder reads too; a read of
// a table nobody writes is still wrapped.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runAssessment } from "../../src/scan/assess.js";
import { planMigration } from "../../src/migrate/plan.js";
import { CODEMODS } from "../../codemods/index.js";

const root = fileURLToPath(new URL("../../fixtures/raw-sql-app", import.meta.url));
const elsewhere = (table: string, where: string) => `reads \`${table}\`, which \`${where}\` writes; a cached read can return data the app itself has since changed, for the whole TTL`;

describe("raw SQL reads of tables another file writes", () => {
  const assessment = runAssessment({ root, paths: [root], workers: 0 });
  const verdict = async (file: string, fn: string) => (await assessment).findings.find((f) => f.file === file && f.function === fn && f.codemod === "cache-wrap");

  it.each([
    ["pg: a joined read of a table another file UPDATEs (schema-qualified and quoted there)", "src/accounts/user-directory.ts", "getUserWithTeam", elsewhere("users", "src/accounts/users-admin.ts:6")],
    ["Prisma: $queryRaw on the model's table, written through prisma.post.update()", "src/blog/post-stats.ts", "getPostViews", elsewhere("post", "src/blog/posts-admin.ts:6")],
    ["better-sqlite3: a prepared read of a table a prepared statement of another file inserts into", "src/events/event-feed.ts", "getRecentEvents", elsewhere("events", "src/events/event-log.ts:7")],
    ["knex: a schema-qualified builder read of a table raw SQL of another file updates", "src/accounts/user-search.ts", "getUsersByName", elsewhere("users", "src/accounts/users-admin.ts:6")],
    ["knex: a builder read of a table another file deletes from with raw()", "src/carts/cart-store.ts", "getCart", elsewhere("carts", "src/carts/cart-sweeper.ts:6")],
  ])("%s", async (_name, file, fn, reason) => {
    expect(await verdict(file, fn)).toMatchObject({ safety: "review", reasons: [reason] });
  });

  it("a raw SQL read of a table nobody writes stays safe", async () => {
    expect(await verdict("src/accounts/user-directory.ts", "getCountries")).toMatchObject({ safety: "safe" });
  });

  it("migrate leaves the reads alone by default, with the reason, and wraps the other", async () => {
    const plan = await planMigration({ root, paths: [root], codemods: CODEMODS.filter((c) => c.name === "cache-wrap"), batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false, workers: 0 });
    const directory = plan.files.find((f) => f.path === "src/accounts/user-directory.ts")!;
    expect(directory.skips.map((s) => [s.line, s.reasons.map((r) => r.id)])).toEqual([[6, ["cache-written-elsewhere"]]]);
    expect(directory.updated).toContain('cached("countries", [], ');
    expect(directory.updated).not.toContain('cached("user_with_team"');
    for (const path of ["src/blog/post-stats.ts", "src/events/event-feed.ts", "src/carts/cart-store.ts"]) {
      const file = plan.files.find((f) => f.path === path);
      expect(file?.updated, path).toBeUndefined();
      expect(file?.skips.flatMap((s) => s.reasons.map((r) => r.id)), path).toEqual(["cache-written-elsewhere"]);
    }
  });
});
