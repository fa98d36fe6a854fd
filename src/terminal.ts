// How output should look on this terminal: colours (NO_COLOR / FORCE_COLOR) and whether to animate.
import chalk, { Chalk, type ChalkInstance } from "chalk";
import ora from "ora";

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
  return { color: new Chalk({ level }), interactive: stderrIsTTY && !inCI && canAnimate(process.stderr, env), stdoutIsTTY };
}

/**
 * A spinner redraws its line with cursor movements, which needs a terminal that knows its width and
 * understands them. A pseudo-terminal that reports 0 columns (`script`, `docker exec -t`, some CI
 * runners) made ora's line count infinite: its clear loop never ended, blocked the event loop, and
 * the process ran forever, deaf to SIGTERM. `TERM=dumb` (Emacs shells, some IDE consoles) cannot move
 * the cursor at all.
 */
function canAnimate(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if (env.TERM === "dumb") return false;
  const columns = stream.columns;
  return typeof columns === "number" && columns > 0;
}

export interface Progress {
  start(): Progress;
  set(text: string): void;
  stop(): void;
}

/** A spinner on stderr when interactive; otherwise nothing at all (no animation in pipes or CI). */
export function progress(term: Terminal, text: string): Progress {
  if (!term.interactive) {
    const silent: Progress = { start: () => silent, set: () => {}, stop: () => {} };
    return silent;
  }
  const spinner = ora({ text, stream: process.stderr, isEnabled: true });
  const handle: Progress = {
    start: () => {
      spinner.start();
      return handle;
    },
    set: (next) => {
      spinner.text = next;
    },
    stop: () => {
      spinner.stop();
    },
  };
  return handle;
}
