// Clients exported by one file are found where other files import them: relative paths, `.js`
// specifiers, tsconfig path aliases, `export *`, named re-exports, CommonJS `module.exports` and exported type aliases.
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

  it("gives the same answer in worker threads", async () => {
    const inProcess = await runAssessment({ root, paths: [root], workers: 0 });
    const threaded = await runBuiltAssessment({ root, paths: [root], workers: 2 });
    expect(threaded.findings).toEqual(inProcess.findings);
  });
});
