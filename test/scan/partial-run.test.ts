// `assess src/services` (or one file) knows the clients the rest of the project exports: a project file the run
// did not include is read for its exports, so a partial run reports what a whole one reports for the same files.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runAssessment } from "../../src/scan/assess.js";

const root = mkdtempSync(join(tmpdir(), "optimigrate-partial-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const files: Record<string, string> = {
  "package.json": JSON.stringify({ name: "api" }),
  "src/models/index.js": `module.exports.Token = require("./token.model");\nmodule.exports.User = require("./user.model");\n`,
  "src/models/user.model.js": `const mongoose = require("mongoose");\nconst User = mongoose.model("User", new mongoose.Schema({ email: String }));\nmodule.exports = User;\n`,
  "src/models/token.model.js": `const mongoose = require("mongoose");\nmodule.exports = mongoose.model("Token", new mongoose.Schema({ token: String }));\n`,
  "src/services/user.service.js": `const { User } = require("../models");\n\nconst getUserByEmail = async (email) => User.findOne({ email });\n\nconst deleteUserById = async (id) => {\n  const user = await User.findById(id);\n  await user.remove();\n  return user;\n};\n\nmodule.exports = { getUserByEmail, deleteUserById };\n`,
  "node_modules/not-read/index.js": "this is not JavaScript",
};
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
mkdirSync(join(root, ".git"));

const shown = (findings: { file: string; line: number; kind: string; operation?: string }[]) =>
  findings.filter((f) => f.kind === "db-query").map((f) => `${f.file.replace(/^.*services\//, "")}:${f.line} ${f.operation}`);

describe("a run over part of the project", () => {
  it("reports for a folder and for one file what the whole run reports for them", async () => {
    const whole = await runAssessment({ root, paths: [root], workers: 0 });
    const expected = shown(whole.findings.filter((f) => f.file.startsWith("src/services/")));
    expect(expected).toEqual(["user.service.js:3 read", "user.service.js:6 read", "user.service.js:7 write"]);
    const folder = join(root, "src/services");
    expect(shown((await runAssessment({ root: folder, paths: [folder], workers: 0 })).findings)).toEqual(expected);
    const file = join(folder, "user.service.js");
    const single = await runAssessment({ root, paths: [file], workers: 0 });
    expect(shown(single.findings)).toEqual(expected);
    expect(single.files).toEqual({ scanned: 1, skipped: 0, failed: 0 });
  });

  it("reads the file's own project when run on one file from outside it", async () => {
    // the root (the current directory) is the folder that holds the checkout, not a project itself
    const outside = mkdtempSync(join(tmpdir(), "optimigrate-outside-"));
    try {
      const project = join(outside, "api");
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(project, path)), { recursive: true });
        writeFileSync(join(project, path), text);
      }
      mkdirSync(join(project, ".git"));
      const file = join(project, "src/services/user.service.js");
      const single = await runAssessment({ root: outside, paths: [file], workers: 0 });
      expect(shown(single.findings)).toEqual(["user.service.js:3 read", "user.service.js:6 read", "user.service.js:7 write"]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
