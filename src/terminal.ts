// How output should look on this terminal: colours (NO_COLOR / FORCE_COLOR) and whether to animate.
import chalk, { Chalk, type ChalkInstance } from "chalk";
import ora, { type Ora } from "ora";

export interface Terminal {
  color: ChalkInstance;
  /** Human output goes to a terminal (not piped, not CI): spinners and progress are allowed. */
  interactive: boolean;
  stdoutIsTTY: boolean;
}

export function detectTerminal(env: NodeJS.ProcessEnv = process.env): Terminal {
  const stdoutIsTTY = Boolean(process.stdout.isTTY);
  const stderrIsTTY = Boolean(process.stderr.isTTY);
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  const force = env.FORCE_COLOR;
  let level: 0 | 1 | 2 | 3;
  if (force !== undefined && force !== "" && force !== "0" && force !== "false") {
    level = force === "2" ? 2 : force === "3" ? 3 : Math.max(1, chalk.level) as 1 | 2 | 3;
  } else if (noColor || force === "0" || force === "false") {
    level = 0;
  } else {
    level = stdoutIsTTY ? chalk.level : 0;
  }
  const inCI = env.CI !== undefined && env.CI !== "" && env.CI !== "false" && env.CI !== "0";
  return { color: new Chalk({ level }), interactive: stderrIsTTY && !inCI, stdoutIsTTY };
}

/** A spinner on stderr when interactive; otherwise a no-op with the same surface. */
export function progress(term: Terminal, text: string): Pick<Ora, "start" | "stop" | "succeed" | "fail"> & { set(text: string): void } {
  if (!term.interactive) {
    const noop = { start: () => noop, stop: () => noop, succeed: () => noop, fail: () => noop, set: () => {} };
    return noop as never;
  }
  const spinner = ora({ text, stream: process.stderr, isEnabled: true });
  return Object.assign(spinner, {
    set(next: string) {
      spinner.text = next;
    },
  });
}
