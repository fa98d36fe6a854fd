// The plain data that flows from detectors to estimates, codemods and reporters (DESIGN §3).

export const FINDING_KINDS = ["api-call", "db-query", "sequential-await"] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export type Operation = "read" | "write" | "unknown";
export type Safety = "safe" | "review" | "unsafe";
export type LoopKind =
  | "for-of"
  | "for"
  | "for-in"
  | "while"
  | "do"
  | "for-await"
  | "forEach"
  | "waterfall";

export interface Finding {
  kind: FindingKind;
  /** Relative to the assessment root, `/` separators. */
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  library?: string;
  operation?: Operation;
  function?: string;
  loop?: { kind: LoopKind; line: number };
  safety?: Safety;
  reasons?: string[];
  codemod?: string;
  /** In a test or mock file (src/test-files.ts): counted like any other, ranked after the app's own code. */
  test?: true;
}

/** What hotspots rank: the app's own findings, or all of them when only tests have any (`assess e2e/`). */
export function hotspotFindings(findings: readonly Finding[]): readonly Finding[] {
  const app = findings.filter((f) => !f.test);
  return app.length > 0 ? app : findings;
}

export interface FileProblem {
  file: string;
  message: string;
}

export interface AssessmentSummary {
  byKind: Record<FindingKind, number>;
  byLibrary: Record<string, number>;
  byOperation: Record<Operation, number>;
  /** The files and functions with the most findings, in the app's own code (tests only when nothing else has any). */
  hotspots: { file: string; function?: string; findings: number }[];
  /** How many findings are in test or mock files. */
  testFindings: number;
  durationMs: number;
}

export interface Assessment {
  tool: { name: string; version: string };
  root: string;
  files: { scanned: number; skipped: number; failed: number };
  findings: Finding[];
  summary: AssessmentSummary;
  /** Files that could not be read or parsed (they count in `files.failed`). */
  errors: FileProblem[];
  /** Files left out on purpose, with why (they count in `files.skipped`): too large, minified, Flow. */
  skippedFiles?: FileProblem[];
}
