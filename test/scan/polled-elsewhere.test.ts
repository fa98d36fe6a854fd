// A caller in another file that polls a function (a loop that pauses and asks again, a setInterval callback, a poller
// or a retry that throws until the answer is ready) waits
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

// a retry whose callback throws until the build has passed asks again: it polls
write(
  "src/builds.ts",
  `export async function getBuildStatus(id: string): Promise<string> {
  const res = await fetch("https://ci.example.com/builds/" + id);
  return (await res.json()).status as string;
}
`,
);
write(
  "src/release.ts",
  `import pRetry from "p-retry";
import * as builds from "./builds";

export async function release(id: string) {
  await pRetry(async () => {
    const status = await builds.getBuildStatus(id);
    if (status !== "passed") throw new Error("build " + id + " is " + status);
  }, { retries: 20 });
}
`,
);
// a function handed itself to a poller in another file
write(
  "src/health.ts",
  `export async function fetchHealthy(): Promise<boolean> {
  const res = await fetch("https://search.example.com/health");
  return res.ok;
}
`,
);
write(
  "src/boot.ts",
  `import pWaitFor from "p-wait-for";
import { fetchHealthy } from "./health";

export async function boot() {
  await pWaitFor(fetchHealthy, { interval: 500 });
}
`,
);
// a retry on failure alone is no poll
write(
  "src/rates.ts",
  `export async function getRate(currency: string): Promise<number> {
  const res = await fetch("https://rates.example.com/" + currency);
  if (!res.ok) throw new Error("rates " + res.status);
  return (await res.json()).rate as number;
}
`,
);
write(
  "src/convert.ts",
  `import retry from "async-retry";
import { getRate } from "./rates";

export async function convert(amount: number, currency: string) {
  return amount * (await retry(() => getRate(currency), { retries: 3 }));
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

  it("assess: a retry that throws until the answer changes, and a function handed itself to a poller, are polls; a retry on failure is not", async () => {
    const assessment = await runAssessment({ root, paths: [root], workers: 0 });
    const finding = (file: string) => assessment.findings.find((f) => f.file === file && f.codemod === "cache-wrap");
    expect(finding("src/builds.ts")).toMatchObject({ safety: "unsafe", reasons: [polled("src/release.ts:6", "getBuildStatus", "builds.getBuildStatus(id)")] });
    expect(finding("src/health.ts")).toMatchObject({ safety: "unsafe", reasons: [polled("src/boot.ts:5", "fetchHealthy", "pWaitFor(fetchHealthy, { interval: 500 })")] });
    expect(finding("src/rates.ts")).toMatchObject({ safety: "safe" });
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
