// `--help` and `--version` answer without loading the TypeScript compiler: it is most of the CLI's start-up
// time, and only the commands that read code need it. The check is on what got loaded, not on a clock.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { REPO } from "../support/run-cli.js";

const CLI = pathToFileURL(join(REPO, "dist/src/cli.js")).href;
const SCANNER = pathToFileURL(join(REPO, "dist/src/scan/assess.js")).href;

/** Imports `module` with the CLI's argv set to `args`; returns what it printed and the compiler modules loaded. */
function load(module: string, args: string[]): { stdout: string; compiler: string[] } {
  const script = `
    import { createRequire } from "node:module";
    process.argv = [process.argv[0], "optimigrate", ...${JSON.stringify(args)}];
    await import(${JSON.stringify(module)});
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((path) => /[\\\\/](typescript|ts-morph)[\\\\/.]/.test(path));
    process.on("exit", () => process.stderr.write("\\nloaded=" + JSON.stringify(loaded)));
  `;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: REPO, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", CI: "1" } });
  const marker = run.stderr.lastIndexOf("loaded=");
  if (marker === -1) throw new Error(`no module list from the child (exit ${run.status}): ${run.stderr}`);
  return { stdout: run.stdout, compiler: JSON.parse(run.stderr.slice(marker + "loaded=".length)) as string[] };
}

describe("start-up", () => {
  it.each([[["--version"]], [["--help"]], [["assess", "--help"]], [["migrate", "--help"]], [["init", "--help"]], [["tune", "--help"]]])("%j does not load the TypeScript compiler", (args) => {
    const { stdout, compiler } = load(CLI, args);
    expect(stdout).toMatch(args[0] === "--version" ? /^\d+\.\d+\.\d+/ : /Usage: optimigrate/);
    expect(compiler).toEqual([]);
  });

  it("sees the compiler when a module does load it (the check can fail)", () => {
    expect(load(SCANNER, []).compiler.length).toBeGreaterThan(0);
  });
});
