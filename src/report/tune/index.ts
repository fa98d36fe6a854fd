// The tune reporters by format name; JSON is the result object itself.
import type { ChalkInstance } from "chalk";
import type { TuneResult } from "../../tune/tune.js";
import { renderTuneMarkdown } from "./markdown.js";
import { renderTuneTable } from "./table.js";

export const TUNE_FORMATS = ["table", "json", "markdown"] as const;
export type TuneFormat = (typeof TUNE_FORMATS)[number];

export const tuneReporters: Record<TuneFormat, (result: TuneResult, color: ChalkInstance) => string> = {
  table: (r, color) => renderTuneTable(r, color),
  json: (r) => JSON.stringify(r, null, 2),
  markdown: (r) => renderTuneMarkdown(r),
};
