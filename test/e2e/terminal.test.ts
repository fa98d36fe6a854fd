// The CLI in real pseudo-terminals (`script`, util-linux): a spinner where the terminal can show one,
// none where it cannot, and the command finishes either way.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, REPO } from "../support/run-cli.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "optimigrate-terminal-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLE = join(REPO, "fixtures/sample-app");
const CURSOR_UP = "\u001b[1A";
const HIDE_CURSOR = "\u001b[?25l";

/**
 * Runs `assess --json` with stdout to a file and stderr on a pseudo-terminal set up by `setup` (an stty
 * command). A CLI that never ends is killed after a generous grace period so that the test reports it
 * instead of hanging; the assertion is on how it ended, not on how long it took.
 */
function assessInTerminal(setup: string, env: Record<string, string> = {}): Promise<{ status: number | null; terminal: string; killed: boolean }> {
  const out = join(dir, "out.json");
  const command = `${setup} ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} assess ${JSON.stringify(SAMPLE)} --json > ${JSON.stringify(out)}; echo "exit=$?"`;
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], { env: { ...process.env, CI: "", NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let terminal = "";
    let killed = false;
    const guard = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, 45_000);
    child.on("error", (error) => reject(new Error(`cannot run script(1) for a pseudo-terminal: ${error.message}`)));
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      // a runaway spinner writes without end: keep only the head
      if (terminal.length < 100_000) terminal += chunk;
    });
    child.on("close", () => {
      clearTimeout(guard);
      const status = /exit=(\d+)/.exec(terminal);
      resolve({ status: status ? Number(status[1]) : null, terminal, killed });
    });
  });
}

describe("progress on a terminal", () => {
  it("finishes without a spinner on a terminal that reports no width (0 columns)", async () => {
    const run = await assessInTerminal("stty cols 0 rows 0;");
    expect(run.killed).toBe(false);
    expect(run.status).toBe(0);
    expect(run.terminal).not.toContain(CURSOR_UP);
    expect(run.terminal).not.toContain(HIDE_CURSOR);
    expect(run.terminal).toMatch(/\d+ files scanned, \d+ findings/);
    expect(JSON.parse(readFileSync(join(dir, "out.json"), "utf8")).findings.length).toBeGreaterThan(0);
  });

  it("finishes without a spinner when TERM=dumb", async () => {
    const run = await assessInTerminal("stty cols 100 rows 30;", { TERM: "dumb" });
    expect(run.killed).toBe(false);
    expect(run.status).toBe(0);
    expect(run.terminal).not.toContain(HIDE_CURSOR);
  });

  it("shows the spinner on an ordinary terminal and still finishes", async () => {
    const run = await assessInTerminal("stty cols 100 rows 30;", { TERM: "xterm" });
    expect(run.killed).toBe(false);
    expect(run.status).toBe(0);
    expect(run.terminal).toContain(HIDE_CURSOR);
    expect(JSON.parse(readFileSync(join(dir, "out.json"), "utf8")).findings.length).toBeGreaterThan(0);
  });
});
