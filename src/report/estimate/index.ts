// The estimate reporters by format name; JSON is the result object itself.
import type { ChalkInstance } from "chalk";
import type { Estimate } from "../../estimate/estimate.js";
import { renderEstimateMarkdown } from "./markdown.js";
import { renderEstimateTable } from "./table.js";

export const ESTIMATE_FORMATS = ["table", "json", "markdown"] as const;
export type EstimateFormat = (typeof ESTIMATE_FORMATS)[number];

export const estimateReporters: Record<EstimateFormat, (document: Estimate, color: ChalkInstance) => string> = {
  table: (e, color) => renderEstimateTable(e, color),
  json: (e) => JSON.stringify(e, null, 2),
  markdown: (e) => renderEstimateMarkdown(e),
};
