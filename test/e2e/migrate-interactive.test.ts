// migrate --interactive in a real terminal: `script` (util-linux) gives the CLI a pseudo-terminal and
// types the answers, as a person at the prompt would.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { execFileSync, spawnSync } from "node:child_process";
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

function answer(keys: string): { status: number | null; output: string } {
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} migrate ${JSON.stringify(dir)} --interactive --allow-dirty`;
  const result = spawnSync("script", ["-qec", command, "/dev/null"], { input: keys, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", CI: "" }, timeout: 60_000 });
  if (result.error) throw new Error(`cannot run script(1) for a pseudo-terminal: ${result.error.message}`);
  return { status: result.status, output: result.stdout };
}

describe("optimigrate migrate --interactive", () => {
  it("applies only the changes answered yes, and stops at quit", () => {
    const { status, output } = answer("y\nq\n");
    expect(output).toMatch(/Apply this change\? \[y\]es, \[n\]o, \[a\]ll remaining, \[q\]uit/);
    expect(status).toBe(0);
    expect(markers(dir)).toBe(1);
  });

  it("writes nothing when every change is refused", () => {
    const { status } = answer("n\nn\nn\nn\nn\nn\nn\nn\nn\nn\nq\n");
    expect(status).toBe(0);
    expect(markers(dir)).toBe(0);
  });

  it("applies everything after 'all', like a plain run", () => {
    answer("a\n");
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
