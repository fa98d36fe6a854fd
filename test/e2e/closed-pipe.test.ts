// `optimigrate … | head`: when the reader of stdout goes away, the CLI stops quietly instead of printing an
// unhandled EPIPE stack trace.
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { BIN, REPO } from "../support/run-cli.js";

function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: { ...process.env, NO_COLOR: "1", CI: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    // the reader is gone before the first line is written
    child.stdout.destroy();
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("stdout closed by its reader", () => {
  it.each([
    [["assess", join(REPO, "fixtures/sample-app"), "--json"]],
    [["migrate", join(REPO, "fixtures/sample-app"), "--dry-run", "--allow-dirty"]],
  ])("%j ends without a stack trace", async (args) => {
    const { stderr } = await runWithClosedStdout(args);
    expect(stderr).not.toMatch(/EPIPE|Unhandled|at .*\.js:\d+/);
  });
});
