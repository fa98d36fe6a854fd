// A caller in another file that polls a function (a loop that pauses and asks again, a setInterval callback) waits
// for its answer to change; cached, the answer would not change for the whole TTL. assess and migrate both refuse the
// wrap, naming that caller, since only the whole run shows it.
import { afterAll, describe, expect, it } from "vitest";
import { runAssessment } from "../../src/scan/assess.js";
import { planMigration, type MigrationPlan } from "../../src/migrate/plan.js";
import { CODEMODS } from "../../codemods/index.js";
import { tempProject } from "../support/temp-project.js";

const { root, write, remove } = tempProject("optimigrate-polled-elsewhere-");
afterAll(remove);

// a service method, polled by a runner that waits for the job to finish
write(
  "src/jobs/job.service.ts",
  `import axios from "axios";

export class JobService {
  async getJobStatus(id: string) {
    const { data } = await axios.get("https://jobs.example.com/" + id);
    return data as { state: string };
  }
}
`,
);
write(
  "src/jobs/job-runner.ts",
  `import { JobService } from "./job.service";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class JobRunner {
  constructor(private readonly jobs: JobService) {}

  async waitFor(id: string) {
    for (;;) {
      const status = await this.jobs.getJobStatus(id);
      if (status.state === "done") return status;
      await sleep(1000);
    }
  }
}
`,
);
// a module function, asked again by a setInterval callback in another file
write(
  "src/deploys.ts",
  `export async function getDeployState(id: string): Promise<string> {
  const res = await fetch("https://ci.example.com/deploys/" + id);
  return (await res.json()).state as string;
}
`,
);
write(
  "src/watch.ts",
  `import { getDeployState } from "./deploys";

export function watch(id: string, onLive: () => void) {
  const timer = setInterval(async () => {
    if ((await getDeployState(id)) === "live") {
      clearInterval(timer);
      onLive();
    }
  }, 5000);
}
`,
);
// a loop that pauses between different items rate-limits, it does not poll
write(
  "src/countries.ts",
  `export async function getCountry(code: string) {
  const res = await fetch("https://countries.example.com/" + code);
  return (await res.json()) as { code: string; name: string };
}
`,
);
write(
  "src/seed.ts",
  `import { getCountry } from "./countries";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function seed(codes: string[]) {
  const out = [];
  for (const code of codes) {
    out.push(await getCountry(code));
    await sleep(200);
  }
  return out;
}
`,
);

const polled = (where: string, name: string, code: string) =>
  `a caller in \`${where}\` polls its call to \`${name}\` (\`${code}\`), waiting for the answer to change; a cached answer would not change for the whole TTL (callers in other files are found by the name they call)`;

describe("a caller in another file that polls the function (cache-polled-elsewhere)", () => {
  it("assess: unsafe, naming the caller's file, line and code; a rate-limited loop is no poll", async () => {
    const assessment = await runAssessment({ root, paths: [root], workers: 0 });
    const finding = (file: string) => assessment.findings.find((f) => f.file === file && f.codemod === "cache-wrap");
    expect(finding("src/jobs/job.service.ts")).toMatchObject({ safety: "unsafe", reasons: [polled("src/jobs/job-runner.ts:9", "getJobStatus", "this.jobs.getJobStatus(id)")] });
    expect(finding("src/deploys.ts")).toMatchObject({ safety: "unsafe", reasons: [polled("src/watch.ts:5", "getDeployState", "getDeployState(id)")] });
    expect(finding("src/countries.ts")).toMatchObject({ safety: "safe" });
  });

  it("migrate: leaves the polled functions unwrapped with the same reason, even with --include-review, and wraps the other", async () => {
    const plan: MigrationPlan = await planMigration({ root, paths: [root], codemods: CODEMODS.filter((c) => c.name === "cache-wrap"), batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: true, workers: 0 });
    const file = (path: string) => plan.files.find((f) => f.path === path);
    expect(file("src/jobs/job.service.ts")?.skips.map((s) => [s.line, s.reasons.map((r) => r.message)])).toEqual([[4, [polled("src/jobs/job-runner.ts:9", "getJobStatus", "this.jobs.getJobStatus(id)")]]]);
    expect(file("src/jobs/job.service.ts")?.updated).toBeUndefined();
    expect(file("src/deploys.ts")?.skips.map((s) => s.reasons.map((r) => r.id))).toEqual([["cache-polled-elsewhere"]]);
    expect(file("src/countries.ts")?.updated).toContain('cached("country"');
  });
});
