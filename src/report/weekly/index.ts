// The weekly report's reporters by format name; JSON is the result object itself.
import type { ChalkInstance } from "chalk";
import type { WeeklyReport } from "../../estimate/achieved.js";
import { renderWeeklyMarkdown } from "./markdown.js";
import { renderWeeklyTable } from "./table.js";

export const WEEKLY_FORMATS = ["table", "json", "markdown"] as const;
export type WeeklyFormat = (typeof WEEKLY_FORMATS)[number];

export const weeklyReporters: Record<WeeklyFormat, (report: WeeklyReport, color: ChalkInstance) => string> = {
  table: (r, color) => renderWeeklyTable(r, color),
  json: (r) => JSON.stringify(r, null, 2),
  markdown: (r) => renderWeeklyMarkdown(r),
};
