// The words reporters use for findings: kind labels, one-line messages, code snippets. Shared so every
// format says the same thing about the same site.
import type { Finding, FindingKind, LoopKind } from "../findings.js";
import { TEST_FILE_NAMES } from "../test-files.js";

export const KIND_LABEL: Record<FindingKind, string> = {
  "api-call": "External API call",
  "db-query": "Database query",
  "sequential-await": "Sequential await",
};

const LOOP_LABEL: Record<LoopKind, string> = {
  "for-of": "a for…of loop",
  for: "a for loop",
  "for-in": "a for…in loop",
  while: "a while loop",
  do: "a do…while loop",
  "for-await": "a for await…of loop",
  forEach: "a forEach(async …) callback",
  waterfall: "a waterfall of independent awaits",
};

/** Code on one line, whitespace collapsed, cut to `max` characters with an ellipsis. */
export function snippet(code: string, max = 60): string {
  const flat = code.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(1, max - 1)).trimEnd()}…`;
}

/** What was found, in one sentence: `Database query (prisma, write) in createUser: prisma.user.create(…)`. */
export function describeFinding(finding: Finding): string {
  const facts = [finding.library, finding.operation].filter((x): x is string => Boolean(x));
  let text = KIND_LABEL[finding.kind];
  if (facts.length > 0) text += ` (${facts.join(", ")})`;
  if (finding.loop) {
    text +=
      finding.loop.kind === "waterfall"
        ? ` in ${LOOP_LABEL.waterfall} starting at line ${finding.loop.line}`
        : ` in ${LOOP_LABEL[finding.loop.kind]} (line ${finding.loop.line})`;
  }
  if (finding.function) text += ` in ${finding.function}()`;
  return `${text}: ${snippet(finding.code, 120)}`;
}

/** Whether the matching codemod would rewrite the site, and why not; undefined when not assessed. */
export function describeSafety(finding: Finding): string | undefined {
  if (!finding.safety && !finding.reasons?.length) return undefined;
  const codemod = finding.codemod ? `${finding.codemod} ` : "";
  const verdict =
    finding.safety === "safe"
      ? `safe for ${codemod}to rewrite`
      : finding.safety === "review"
        ? `needs review before ${codemod}rewrites it`
        : finding.safety === "unsafe"
          ? `not safe for ${codemod}to rewrite`
          : `${codemod}verdict`;
  const reasons = finding.reasons?.length ? `: ${finding.reasons.join("; ")}` : "";
  return `${verdict.charAt(0).toUpperCase()}${verdict.slice(1)}${reasons}.`;
}

/** The full message: what was found, then the safety verdict when there is one. */
export function findingMessage(finding: Finding): string {
  const safety = describeSafety(finding);
  return safety ? `${describeFinding(finding)}. ${safety}` : `${describeFinding(finding)}.`;
}

/** How many findings are in tests, and where a reader finds them. */
export function testFilesNote(inTests: number, total: number): string {
  const which = inTests === total ? (total === 1 ? "It is" : "All are") : `${inTests} ${inTests === 1 ? "is" : "are"}`;
  const rest = inTests === total ? "" : ": not among the hotspots, listed after the app's own sites";
  return `${which} in test files (${TEST_FILE_NAMES})${rest}.`;
}
