// `--format markdown`: an assessment for a pull-request comment — counts, hotspots, and every finding
// in a collapsible list with links to the lines.
import { FINDING_KINDS, hotspotFindings, type Assessment, type Finding } from "../findings.js";
import { hotspotsByFile, hotspotsByFunction } from "./aggregate.js";
import { KIND_LABEL, snippet, testFilesNote } from "./describe.js";
import type { ReportOptions } from "./reporter.js";

const DEFAULT_LIMIT = 200;
const HOTSPOT_ROWS = 10;

/** Text in a table cell: markdown specials escaped, pipes included, on one line. */
export function escapeText(value: string): string {
  return value.replace(/\s+/g, " ").replace(/([\\`*_[\]<>|~])/g, "\\$1");
}

/**
 * Code in a table cell: a code span fenced by more backticks than the code contains (backslashes do
 * not escape inside code spans), padded when it starts or ends with a backtick; pipes still need `\|`
 * because GFM splits table cells before it parses code spans.
 */
export function codeSpan(code: string): string {
  const flat = code.replace(/\s+/g, " ").trim();
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat.replace(/\|/g, "\\|")}${pad}${fence}`;
}

function link(finding: Finding, linkBase: string): string {
  const target = `${linkBase}${finding.file.split("/").map(encodeURIComponent).join("/")}#L${finding.line}`;
  return `[${escapeText(`${finding.file}:${finding.line}`)}](${target})`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

export function renderMarkdown(assessment: Assessment, options: Pick<ReportOptions, "limit" | "linkBase">): string {
  const { findings, files, summary } = assessment;
  const limit = options.limit ?? DEFAULT_LIMIT;
  const linkBase = options.linkBase ?? "";
  const out: string[] = [];

  out.push("### optimigrate assessment", "");
  out.push(
    `**${findings.length} ${findings.length === 1 ? "finding" : "findings"}** in ${files.scanned} files scanned` +
      ` (${files.skipped} skipped, ${files.failed} failed) · ${seconds(summary.durationMs)}`,
    "",
  );

  out.push("| Kind | Findings |", "| --- | ---: |");
  for (const kind of FINDING_KINDS) out.push(`| ${KIND_LABEL[kind]} (\`${kind}\`) | ${summary.byKind[kind] ?? 0} |`);
  out.push(`| **Total** | **${findings.length}** |`, "");
  if (summary.testFindings > 0) out.push(escapeText(testFilesNote(summary.testFindings, findings.length)), "");

  const libraries = Object.entries(summary.byLibrary).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (libraries.length > 0) {
    out.push(
      `Libraries: ${libraries.map(([name, n]) => `${escapeText(name)} ${n}`).join(", ")} · ` +
        `operations: read ${summary.byOperation.read ?? 0}, write ${summary.byOperation.write ?? 0}, unknown ${summary.byOperation.unknown ?? 0}`,
      "",
    );
  }

  const ranked = hotspotFindings(findings);
  const byFile = hotspotsByFile(ranked).slice(0, HOTSPOT_ROWS);
  if (byFile.length > 0) {
    out.push("#### Hotspots", "", "| File | Findings |", "| --- | ---: |");
    for (const h of byFile) out.push(`| ${escapeText(h.file)} | ${h.findings} |`);
    out.push("");
    const byFunction = hotspotsByFunction(ranked).slice(0, HOTSPOT_ROWS);
    if (byFunction.length > 0) {
      out.push("| Function | File | Findings |", "| --- | --- | ---: |");
      for (const h of byFunction) out.push(`| ${escapeText(h.function)} | ${escapeText(h.file)} | ${h.findings} |`);
      out.push("");
    }
  }

  if (findings.length > 0) {
    // the app's own sites first: a limited list should not be filled with test steps
    const shown = [...findings.filter((f) => !f.test), ...findings.filter((f) => f.test)].slice(0, limit);
    out.push(`<details><summary>All ${findings.length} findings</summary>`, "");
    out.push("| Kind | Location | Library | Operation | Function | Code |", "| --- | --- | --- | --- | --- | --- |");
    for (const f of shown) {
      const safety = f.safety ? ` (${f.safety})` : "";
      out.push(
        `| ${f.kind}${safety} | ${link(f, linkBase)} | ${escapeText(f.library ?? "")} | ${f.operation ?? ""} | ` +
          `${escapeText(f.function ?? "")} | ${codeSpan(snippet(f.code, 80))} |`,
      );
    }
    if (findings.length > shown.length) out.push("", `…and ${findings.length - shown.length} more (run \`optimigrate assess --json\` for all).`);
    out.push("", "</details>", "");
  } else {
    out.push("No API calls, database queries or sequential awaits found.", "");
  }

  if (assessment.errors.length > 0) {
    out.push(`#### Files that could not be scanned (${assessment.errors.length})`, "");
    for (const problem of assessment.errors) out.push(`- ${escapeText(problem.file)}: ${escapeText(problem.message)}`);
    out.push("");
  }
  return out.join("\n");
}
