// A Prisma nested write in a project where no schema is found: the relation field's name is matched to the models
// the run's Prisma calls use (`members` to `teamMember`); a name that fits none may lead to any model, so every
// Prisma read elsewhere is review, saying why; a bare `connect` counts for nothing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runAssessment } from "../../src/scan/assess.js";
import { planMigration } from "../../src/migrate/plan.js";
import { CODEMODS } from "../../codemods/index.js";

const tmp = mkdtempSync(join(tmpdir(), "optimigrate-prisma-no-schema-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const root = join(tmp, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(root, file, ".."), { recursive: true });
    writeFileSync(join(root, file), `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\n${text}`);
  }
  return root;
}

const READS = {
  "members.ts": `export async function getTeamMembers(teamId: string) {\n  return prisma.teamMember.findMany({ where: { teamId } });\n}\n`,
  "plans.ts": `export async function getPlans() {\n  return prisma.plan.findMany();\n}\n`,
};

const byName = project("by-name", {
  ...READS,
  "teams.ts": `export async function addMember(teamId: string, userId: string) {\n  await prisma.team.update({ where: { id: teamId }, data: { members: { create: { userId } } } });\n}\n`,
});
const unnamed = project("unnamed", {
  ...READS,
  "teams.ts": `export async function addCrew(teamId: string, userId: string) {\n  await prisma.team.update({ where: { id: teamId }, data: { crew: { create: { userId } } } });\n}\n`,
});
const linkOnly = project("link-only", {
  ...READS,
  "teams.ts": `export async function setOwner(teamId: string, userId: string) {\n  await prisma.team.update({ where: { id: teamId }, data: { owner: { connect: { id: userId } } } });\n}\n`,
});

const verdicts = async (root: string) => {
  const { findings } = await runAssessment({ root, paths: [root], workers: 0 });
  return Object.fromEntries(findings.filter((f) => f.codemod === "cache-wrap").map((f) => [f.function, { safety: f.safety, reasons: f.reasons ?? [] }]));
};
const elsewhere = (table: string, field: string, note: string) =>
  `reads \`${table}\`, which \`teams.ts:4\` (a nested write through \`${field}\`: ${note}) writes; a cached read can return data the app itself has since changed, for the whole TTL`;

describe("Prisma nested writes without a schema", () => {
  it("a relation field's name that fits a model: that model's reads are review, the others stay safe", async () => {
    expect(await verdicts(byName)).toEqual({
      getTeamMembers: { safety: "review", reasons: [elsewhere("teammember", "members", "no Prisma schema found says where it leads, and its name fits this model")] },
      getPlans: { safety: "safe", reasons: [] },
    });
  });

  it("a name that fits no model: any model may be the one, so every Prisma read elsewhere is review", async () => {
    const note = "no Prisma schema found says where it leads, and its name fits none of the app's models, so it may be this one";
    expect(await verdicts(unnamed)).toEqual({
      getTeamMembers: { safety: "review", reasons: [elsewhere("teammember", "crew", note)] },
      getPlans: { safety: "review", reasons: [elsewhere("plan", "crew", note)] },
    });
  });

  it("a bare connect counts for nothing (it mostly sets the written row's own foreign key)", async () => {
    expect(await verdicts(linkOnly)).toEqual({ getTeamMembers: { safety: "safe", reasons: [] }, getPlans: { safety: "safe", reasons: [] } });
  });

  it("migrate, whose pre-pass has no verdicts, matches the name to the same models", async () => {
    const plan = await planMigration({ root: byName, paths: [byName], codemods: CODEMODS.filter((c) => c.name === "cache-wrap"), batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false, workers: 0 });
    expect(plan.files.find((f) => f.path === "members.ts")?.skips.flatMap((s) => s.reasons.map((r) => r.id))).toEqual(["cache-written-elsewhere"]);
    expect(plan.files.find((f) => f.path === "plans.ts")?.updated).toContain('cached("plans"');
  });
});
