// Unified diffs of planned changes (jsdiff): coloured for the terminal, or as a patch `git apply` accepts.
import { createTwoFilesPatch } from "diff";
import type { ChalkInstance } from "chalk";

/** One file's diff with git headers (`diff --git a/p b/p`), so that `git apply` takes it. */
export function fileDiff(path: string, before: string, after: string, context = 3): string {
  const patch = createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context });
  // jsdiff starts with a line of "=" characters; git wants its own header instead.
  const body = patch.replace(/^={3,}\r?\n/m, "").replace(/^(---|\+\+\+) ([^\t\n]*)\t?\n/gm, "$1 $2\n");
  return `diff --git a/${path} b/${path}\n${body.endsWith("\n") ? body : `${body}\n`}`;
}

export function colorDiff(diff: string, color: ChalkInstance): string {
  return diff
    .split("\n")
    .map((line) => {
      if (line.startsWith("diff --git") || line.startsWith("--- ") || line.startsWith("+++ ")) return color.bold(line);
      if (line.startsWith("@@")) return color.cyan(line);
      if (line.startsWith("+")) return color.green(line);
      if (line.startsWith("-")) return color.red(line);
      if (line.startsWith("\\")) return color.dim(line);
      return line;
    })
    .join("\n");
}
