// `assess --json` / `--format json`: the DESIGN §3 document, one JSON value, keys always in the same order.
import { FINDING_KINDS, type Assessment, type Finding, type Operation } from "../findings.js";
import type { ReportOptions } from "./reporter.js";

const OPERATIONS: readonly Operation[] = ["read", "write", "unknown"];

/** Drops undefined values so that fields that do not apply are omitted, as the contract says. */
function defined<T extends Record<string, unknown>>(object: T): T {
  for (const key of Object.keys(object)) if (object[key] === undefined) delete object[key];
  return object;
}

function orderedFinding(f: Finding): Finding {
  return defined({
    kind: f.kind,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    code: f.code,
    library: f.library,
    operation: f.operation,
    function: f.function,
    loop: f.loop ? { kind: f.loop.kind, line: f.loop.line } : undefined,
    safety: f.safety,
    reasons: f.reasons ? [...f.reasons] : undefined,
    codemod: f.codemod,
    test: f.test,
  });
}

/** The document as plain data in contract order (exported for callers that embed it, e.g. estimate). */
export function assessmentDocument(assessment: Assessment) {
  const { summary } = assessment;
  const byLibrary = Object.keys(summary.byLibrary)
    .sort()
    .map((name) => [name, summary.byLibrary[name]] as const);
  return {
    tool: { name: assessment.tool.name, version: assessment.tool.version },
    root: assessment.root,
    files: { scanned: assessment.files.scanned, skipped: assessment.files.skipped, failed: assessment.files.failed },
    findings: assessment.findings.map(orderedFinding),
    summary: {
      byKind: Object.fromEntries(FINDING_KINDS.map((k) => [k, summary.byKind[k] ?? 0])),
      byLibrary: Object.fromEntries(byLibrary),
      byOperation: Object.fromEntries(OPERATIONS.map((op) => [op, summary.byOperation[op] ?? 0])),
      hotspots: summary.hotspots.map((h) => defined({ file: h.file, function: h.function, findings: h.findings })),
      testFindings: summary.testFindings ?? 0,
      durationMs: summary.durationMs,
    },
    // An extension of the §3 document: which files failed and why (they are counted in files.failed).
    errors: assessment.errors.map((e) => ({ file: e.file, message: e.message })),
    // and which were left out on purpose, with why (they are counted in files.skipped)
    skippedFiles: (assessment.skippedFiles ?? []).map((e) => ({ file: e.file, message: e.message })),
  };
}

export function renderJson(assessment: Assessment, _options?: ReportOptions): string {
  return `${JSON.stringify(assessmentDocument(assessment), null, 2)}\n`;
}
