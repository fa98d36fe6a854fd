// A Prisma nested write (`prisma.team.update({ data: { members: { create } } })`) writes the related model: with the
// project's schema (fixtures/prisma-nested-app/prisma/schema.prisma) a read of that model in another file is review
// in assess and left alone by migrate, while a read of a model no write reaches is still wrapped. So is a read that
// loads, counts or filters by a relation whose model another file writes.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runAssessment } from "../../src/scan/assess.js";
import { planMigration } from "../../src/migrate/plan.js";
import { CODEMODS } from "../../codemods/index.js";

const root = fileURLToPath(new URL("../../fixtures/prisma-nested-app", import.meta.url));
const nested = (table: string, where: string, via: string) =>
  `reads \`${table}\`, which \`${where}\` (a nested write through \`${via}\`) writes; a cached read can return data the app itself has since changed, for the whole TTL`;

describe("Prisma reads of models another file writes through a nested write", () => {
  const assessment = runAssessment({ root, paths: [root], workers: 0 });
  const verdict = async (file: string, fn: string) => (await assessment).findings.find((f) => f.file === file && f.function === fn && f.codemod === "cache-wrap");

  it.each([
    ["a nested create through Team.members", "src/teams/team-directory.ts", "getTeamMembers", nested("teammember", "src/teams/team-admin.ts:5", "members")],
    ["a nested connect through Project.labels (many-to-many)", "src/projects/label-catalog.ts", "getProjectLabels", nested("label", "src/projects/project-labels.ts:5", "labels")],
  ])("%s: review", async (_name, file, fn, reason) => {
    expect(await verdict(file, fn)).toMatchObject({ safety: "review", reasons: [reason] });
  });

  it.each([
    ["a model whose name fits the relation field but the schema leads elsewhere", "src/teams/team-directory.ts", "getClubMembers"],
    ["a model no nested write reaches", "src/billing/plan-catalog.ts", "getPlans"],
  ])("%s: safe", async (_name, file, fn) => {
    expect(await verdict(file, fn)).toMatchObject({ safety: "safe" });
  });

  // A read that loads, counts or filters by a relation reads the related model too
  const related = "reads `post`, which `src/blog/posts-admin.ts:5` writes; a cached read can return data the app itself has since changed, for the whole TTL";
  it.each([
    ["a relation it includes", "getAuthorWithPosts"],
    ["a relation it filters by", "getAuthorsByPostTitle"],
    ["a relation it counts", "getAuthorPostCounts"],
  ])("%s, written in another file: review", async (_name, fn) => {
    expect(await verdict("src/blog/authors.ts", fn)).toMatchObject({ safety: "review", reasons: [related] });
  });

  it("a read of the model alone, its relations untouched: safe", async () => {
    expect(await verdict("src/blog/authors.ts", "getAuthorNames")).toMatchObject({ safety: "safe" });
  });

  it("migrate leaves the reads alone by default, with the reason, and wraps the others", async () => {
    const plan = await planMigration({ root, paths: [root], codemods: CODEMODS.filter((c) => c.name === "cache-wrap"), batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false, workers: 0 });
    const directory = plan.files.find((f) => f.path === "src/teams/team-directory.ts")!;
    expect(directory.skips.map((s) => [s.line, s.reasons.map((r) => r.message)])).toEqual([[3, [nested("teammember", "src/teams/team-admin.ts:5", "members")]]]);
    expect(directory.updated).toContain('cached("club_members"');
    expect(directory.updated).not.toContain('cached("team_members"');
    const labels = plan.files.find((f) => f.path === "src/projects/label-catalog.ts");
    expect(labels?.updated).toBeUndefined();
    expect(labels?.skips.flatMap((s) => s.reasons.map((r) => r.id))).toEqual(["cache-written-elsewhere"]);
    expect(plan.files.find((f) => f.path === "src/billing/plan-catalog.ts")?.updated).toContain('cached("plans"');
    const authors = plan.files.find((f) => f.path === "src/blog/authors.ts")!;
    expect(authors.skips.map((s) => [s.line, s.reasons.map((r) => r.message)])).toEqual([3, 7, 11].map((line) => [line, [related]]));
    expect(authors.updated).toContain('cached("author_names"');
  });
});
