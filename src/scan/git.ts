// The few git questions optimigrate asks, answered by the git command line.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Runs git in `cwd` and returns its stdout; rejects when git fails or is not installed. */
export async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run("git", args, { cwd, maxBuffer: 512 * 1024 * 1024 });
  return stdout;
}

/** The top of the work tree that contains `dir`, or undefined outside git. */
export async function gitTopLevel(dir: string): Promise<string | undefined> {
  try {
    const top = (await git(dir, ["rev-parse", "--show-toplevel"])).trim();
    return top || undefined;
  } catch {
    return undefined;
  }
}
