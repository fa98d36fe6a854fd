// Every output format of `assess`, by name: the command picks one and hands it the assessment.
import type { Reporter } from "./reporter.js";
import { renderGithub } from "./github.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import { renderSarif } from "./sarif.js";
import { renderTable } from "./table.js";

export const REPORTERS = {
  table: renderTable,
  json: renderJson,
  sarif: renderSarif,
  github: renderGithub,
  markdown: renderMarkdown,
} as const satisfies Record<string, Reporter>;

export type ReportFormat = keyof typeof REPORTERS;
export const REPORT_FORMATS = Object.keys(REPORTERS) as ReportFormat[];

export type { Reporter, ReportOptions } from "./reporter.js";
