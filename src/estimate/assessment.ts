// Checks that a JSON value is an `assess --json` document before an estimate trusts it; one-line problems.
import { FINDING_KINDS, type Assessment, type Finding } from "../findings.js";

const OPERATIONS = ["read", "write", "unknown"];
const SAFETIES = ["safe", "review", "unsafe"];
const LOOP_KINDS = ["for-of", "for", "for-in", "while", "do", "for-await", "forEach", "waterfall"];

function isPositiveInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 1;
}

function checkFinding(f: unknown): string | undefined {
  if (!f || typeof f !== "object" || Array.isArray(f)) return "must be an object";
  const x = f as Record<string, unknown>;
  if (!(FINDING_KINDS as readonly unknown[]).includes(x.kind)) return `.kind must be one of ${FINDING_KINDS.join(", ")}`;
  if (typeof x.file !== "string" || x.file === "") return ".file must be a path";
  if (!isPositiveInt(x.line)) return ".line must be a line number (1-based)";
  for (const key of ["column", "endLine", "endColumn"]) {
    if (x[key] !== undefined && !isPositiveInt(x[key])) return `.${key} must be a positive whole number`;
  }
  for (const key of ["code", "library", "function", "codemod"]) {
    if (x[key] !== undefined && typeof x[key] !== "string") return `.${key} must be a string`;
  }
  if (x.operation !== undefined && !OPERATIONS.includes(x.operation as string)) return `.operation must be one of ${OPERATIONS.join(", ")}`;
  if (x.safety !== undefined && !SAFETIES.includes(x.safety as string)) return `.safety must be one of ${SAFETIES.join(", ")}`;
  if (x.reasons !== undefined && !(Array.isArray(x.reasons) && x.reasons.every((r) => typeof r === "string"))) return ".reasons must be an array of strings";
  if (x.loop !== undefined) {
    const loop = x.loop as Record<string, unknown> | null;
    if (!loop || typeof loop !== "object" || !LOOP_KINDS.includes(loop.kind as string) || !isPositiveInt(loop.line)) {
      return `.loop must be { kind: ${LOOP_KINDS.join(" | ")}, line }`;
    }
  }
  return undefined;
}

/** The assessment in `value`, or an Error naming the first thing wrong with it. */
export function parseAssessment(value: unknown, origin: string): Assessment {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error(`${origin} is not an assessment (expected the JSON object that "optimigrate assess --json" prints)`);
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.findings)) throw new Error(`${origin} is not an assessment: it has no "findings" array (expected the output of "optimigrate assess --json")`);
  for (let i = 0; i < v.findings.length; i++) {
    const problem = checkFinding(v.findings[i]);
    if (problem) throw new Error(`${origin}: findings[${i}]${problem.startsWith(".") ? "" : " "}${problem}`);
  }
  const findings = (v.findings as Finding[]).map((f) => ({
    ...f,
    column: f.column ?? 1,
    endLine: f.endLine ?? f.line,
    endColumn: f.endColumn ?? f.column ?? 1,
    code: f.code ?? "",
  }));
  return { ...(v as unknown as Assessment), findings };
}
