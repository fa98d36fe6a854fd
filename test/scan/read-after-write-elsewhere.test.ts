// A caller in another file that reads right after a write about the same thing (updates the response, then fetches
// it back for the webhooks) would get the answer from before the write once the read is cached: assess and migrate
// both refuse the wrap, naming that caller. A write about something else before the read changes nothing.
import { afterAll, describe, expect, it } from "vitest";
import { runAssessment } from "../../src/scan/assess.js";
import { planMigration } from "../../src/migrate/plan.js";
import { CODEMODS } from "../../codemods/index.js";
import { tempProject } from "../support/temp-project.js";

const { root, write, remove } = tempProject("optimigrate-read-after-write-");
afterAll(remove);

write(
  "src/responses/response.ts",
  `import axios from "axios";

export async function getResponseForPipeline(responseId: string) {
  const { data } = await axios.get("https://surveys.example.com/responses/" + responseId);
  return data as { id: string; finished: boolean };
}
`,
);
write(
  "src/responses/route.ts",
  `import { getResponseForPipeline } from "./response";
import { updateResponseWithQuota } from "./writes";

export async function PUT(params: { responseId: string }, body: { finished: boolean }) {
  await updateResponseWithQuota(params.responseId, body);
  // fetch the updated response for the pipeline
  const updated = await getResponseForPipeline(params.responseId);
  return updated;
}
`,
);
write("src/responses/writes.ts", `export async function updateResponseWithQuota(id: string, body: unknown) {\n  return { id, body };\n}\n`);
write(
  "src/plans.ts",
  `import axios from "axios";

export async function getPlanSummary(organizationId: string) {
  const { data } = await axios.get("https://billing.example.com/plans/" + organizationId);
  return data as { name: string };
}
`,
);
write(
  "src/show-plan.ts",
  `import { getPlanSummary } from "./plans";
import { createAuditLog } from "./audit";

export async function showPlan(organizationId: string, userId: string) {
  await createAuditLog(organizationId, userId, "plan.viewed");
  return getPlanSummary(organizationId);
}
`,
);
write("src/audit.ts", `export async function createAuditLog(...args: string[]) {\n  return args;\n}\n`);

const readAfterWrite = "a caller in `src/responses/route.ts:7` wants a newer answer from `getResponseForPipeline` than a cache would give: it reads right after a write about the same thing (`updateResponseWithQuota(params.responseId, body)`); a cached answer would stay the same for the whole TTL (callers in other files are found by the name they call)";

describe("a caller in another file that reads right after a write (cache-read-after-write-elsewhere)", () => {
  it("assess: unsafe, naming the caller; a write about something else is no reason", async () => {
    const assessment = await runAssessment({ root, paths: [root], workers: 0 });
    const finding = (file: string) => assessment.findings.find((f) => f.file === file && f.codemod === "cache-wrap");
    expect(finding("src/responses/response.ts")).toMatchObject({ safety: "unsafe", reasons: [readAfterWrite] });
    expect(finding("src/plans.ts")).toMatchObject({ safety: "safe" });
  });

  it("migrate: leaves it unwrapped with the same reason, even with --include-review, and wraps the other", async () => {
    const plan = await planMigration({ root, paths: [root], codemods: CODEMODS.filter((c) => c.name === "cache-wrap"), batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: true, workers: 0 });
    const file = (path: string) => plan.files.find((f) => f.path === path);
    expect(file("src/responses/response.ts")?.updated).toBeUndefined();
    expect(file("src/responses/response.ts")?.skips.map((s) => s.reasons.map((r) => r.message))).toEqual([[readAfterWrite]]);
    expect(file("src/plans.ts")?.updated).toContain('cached("plan_summary"');
  });
});
