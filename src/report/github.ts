// `--format github`: GitHub Actions workflow commands, one `::warning` annotation per finding and one
// `::error` per file that could not be read or parsed.
import type { Assessment, Finding } from "../findings.js";
import { findingMessage } from "./describe.js";
import type { ReportOptions } from "./reporter.js";

/** Message (data) escaping of workflow commands. */
export function escapeData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Property escaping: as data, plus the `:` and `,` that delimit properties. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function command(name: string, properties: [string, string | number | undefined][], message: string): string {
  const props = properties
    .filter((p): p is [string, string | number] => p[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(",");
  return `::${name}${props ? ` ${props}` : ""}::${escapeData(message)}`;
}

function title(finding: Finding): string {
  const facts = [finding.library, finding.operation].filter(Boolean).join(" ");
  return `optimigrate ${finding.kind}${facts ? ` (${facts})` : ""}`;
}

export function renderGithub(assessment: Assessment, _options?: ReportOptions): string {
  const lines = assessment.findings.map((f) =>
    command(
      "warning",
      [
        ["file", f.file],
        ["line", f.line],
        ["endLine", f.endLine],
        ["col", f.column],
        ["endColumn", f.endColumn],
        ["title", title(f)],
      ],
      findingMessage(f),
    ),
  );
  for (const problem of assessment.errors) {
    lines.push(command("error", [["file", problem.file], ["title", "optimigrate: file not scanned"]], `Could not read or parse ${problem.file}: ${problem.message}`));
  }
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}
