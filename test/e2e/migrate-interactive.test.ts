// migrate --interactive in a real terminal: `script` (util-linux) gives the CLI a pseudo-terminal and
// types the answers, as a person at the prompt would.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { execFileSync, spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, REPO } from "../support/run-cli.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "optimigrate-interactive-"));
  cpSync(join(REPO, "fixtures/migrate-app"), dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function markers(root: string): number {
  let count = 0;
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else count += (readFileSync(path, "utf8").match(/\/\/ optimigrate: /g) ?? []).length;
    }
  };
  walk(join(root, "src"));
  return count;
}

const PROMPT = "Apply this change? [y]es, [n]o, [a]ll remaining, [q]uit: ";

/** Runs the CLI in a pseudo-terminal and types each answer only once its prompt is on the screen. */
function answer(keys: string): Promise<{ status: number | null; output: string }> {
  const answers = keys.split("\n").filter(Boolean);
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} migrate ${JSON.stringify(dir)} --interactive --allow-dirty`;
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], { env: { ...process.env, NO_COLOR: "1", CI: "" }, stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    let prompts = 0;
    child.on("error", (error) => reject(new Error(`cannot run script(1) for a pseudo-terminal: ${error.message}`)));
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      const seen = output.split(PROMPT).length - 1;
      while (prompts < seen) {
        const next = answers[prompts++];
        if (next !== undefined) child.stdin.write(`${next}\n`);
      }
    });
    child.on("close", (status) => resolve({ status, output }));
  });
}

describe("optimigrate migrate --interactive", () => {
  it("applies only the changes answered yes, and stops at quit", async () => {
    const { status, output } = await answer("y\nq\n");
    expect(output).toContain(PROMPT);
    expect(status).toBe(0);
    expect(markers(dir)).toBe(1);
  });

  it("writes nothing when every change is refused", async () => {
    const { status } = await answer("n\nn\nn\nn\nn\nn\nn\nn\nn\nn\nn\nn\nq\n");
    expect(status).toBe(0);
    expect(markers(dir)).toBe(0);
  });

  it("applies everything after 'all', like a plain run", async () => {
    await answer("a\n");
    const interactive = markers(dir);
    const plain = mkdtempSync(join(tmpdir(), "optimigrate-plain-"));
    try {
      cpSync(join(REPO, "fixtures/migrate-app"), plain, { recursive: true });
      execFileSync(process.execPath, [BIN, "migrate", plain, "--allow-dirty"], { stdio: "ignore" });
      expect(interactive).toBeGreaterThan(1);
      expect(interactive).toBe(markers(plain));
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});
