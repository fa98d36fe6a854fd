// What every reporter is: a pure function from an assessment and display options to text.
import type { ChalkInstance } from "chalk";
import type { Assessment } from "../findings.js";

export interface ReportOptions {
  /** The only way a reporter colours its output (level 0 = plain text). */
  color: ChalkInstance;
  /** How many rows the long lists show (top sites, hotspots, the markdown findings list). */
  limit?: number;
  /** Table: the terminal's width in columns (code snippets are cut to fit); 120 when unknown. */
  width?: number;
  /** Markdown: prefix for file links, e.g. `https://github.com/o/r/blob/<sha>/`; relative links otherwise. */
  linkBase?: string;
}

export type Reporter = (assessment: Assessment, options: ReportOptions) => string;
