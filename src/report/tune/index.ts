// The tune reporters by format name; JSON is the result object itself.
import type { ChalkInstance } from "chalk";
import type { TuneResult } from "../../tune/tune.js";
import { renderTuneMarkdown } from "./markdown.js";
import { renderApplyTable, renderTuneTable } from "./table.js";
import type { TuneApplySummary } from "../../tune/tune.js";
import { colorDiff } from "../../migrate/diff.js";

/** The diffs of a preview, coloured like `git diff` (the migrate engine's colouring). */
function diffsOf(a: TuneApplySummary, color: ChalkInstance): string {
  if (!a.files.length) return "";
  return `${a.files.map((f) => colorDiff(f.diff.trimEnd(), color)).join("\n")}\n\n`;
}

export const TUNE_FORMATS = ["table", "json", "markdown"] as const;
export type TuneFormat = (typeof TUNE_FORMATS)[number];

export const tuneReporters: Record<TuneFormat, (result: TuneResult, color: ChalkInstance) => string> = {
  table: (r, color) => renderTuneTable(r, color) + (r.apply ? `\n\n${r.apply.mode === "write" ? "" : diffsOf(r.apply, color)}${renderApplyTable(r.apply, color)}` : ""),
  json: (r) => JSON.stringify(r, null, 2),
  markdown: (r) => renderTuneMarkdown(r),
};
