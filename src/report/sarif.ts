// `--format sarif`: SARIF 2.1.0 for GitHub code scanning — one run, one rule per finding kind, results
// located relative to %SRCROOT% (the assessment root) and fingerprinted without line numbers.
import { createHash } from "node:crypto";
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import { FINDING_KINDS, type Assessment, type Finding, type FindingKind } from "../findings.js";
import { findingMessage, KIND_LABEL } from "./describe.js";
import type { ReportOptions } from "./reporter.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const INFORMATION_URI = "https://www.npmjs.com/package/optimigrate";
const SRCROOT = "%SRCROOT%";
/** Bumped only if the fingerprint recipe changes, so code scanning can tell old keys from new. */
const FINGERPRINT_KEY = "optimigrate/v1";

type Level = "note" | "warning" | "error";

interface RuleText {
  name: string;
  short: string;
  full: string;
  help: string;
  level: Level;
  tags: string[];
}

const RULES: Record<FindingKind, RuleText> = {
  "api-call": {
    name: "ExternalApiCall",
    short: "Call to an external API",
    full:
      "A request that leaves the process (HTTP client, fetch, cloud or LLM SDK). Each one costs latency and often money; repeated reads are candidates for caching.",
    help:
      "Repeated reads with the same arguments can be served from a cache: wrap the enclosing function with the runtime's cached() (the cache-wrap codemod does this for get*/fetch* functions that only read). Writes are reported for completeness and are never cached.",
    level: "note",
    tags: ["performance", "network", "caching"],
  },
  "db-query": {
    name: "DatabaseQuery",
    short: "Database query",
    full:
      "A query sent to a database or data store (SQL clients, ORMs and query builders, MongoDB, Redis, DynamoDB). Hot reads are candidates for caching; queries in loops for batching.",
    help:
      "Cache hot reads whose results may be a little stale (with a TTL and invalidation on write), and batch queries issued once per item into a single query or a batched Promise.all.",
    level: "note",
    tags: ["performance", "database", "caching"],
  },
  "sequential-await": {
    name: "SequentialAwait",
    short: "Await that waits in line",
    full:
      "An await that runs once per loop iteration, or a chain of independent awaits, so each operation waits for the previous one although they could run concurrently.",
    help:
      "When iterations are independent, run them in batches with Promise.all (the batch-loops codemod does this with batch size 10 and keeps results in order); run independent awaits together with Promise.all (parallel-awaits). Loops that must stay sequential (rate limits, results that feed the next step, transactions) are reported with the reason.",
    level: "warning",
    tags: ["performance", "concurrency", "batching"],
  },
};

function fingerprint(finding: Finding): string {
  const code = finding.code.replace(/\s+/g, " ").trim();
  return createHash("sha256")
    .update([finding.kind, finding.file, finding.function ?? "", code].join("\0"))
    .digest("hex")
    .slice(0, 32);
}

/** A file path of the assessment (already relative, `/`) as a URI reference: each segment percent-encoded. */
export function relativeUri(file: string): string {
  return file.replace(/\\/g, "/").split("/").map(encodeURIComponent).join("/");
}

function rootUri(root: string): string | undefined {
  if (!isAbsolute(root)) return undefined;
  const href = pathToFileURL(root).href;
  return href.endsWith("/") ? href : `${href}/`;
}

function result(finding: Finding, fingerprintKey: string) {
  const region: Record<string, unknown> = {
    startLine: finding.line,
    startColumn: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
    snippet: { text: finding.code },
  };
  const properties: Record<string, unknown> = {};
  for (const key of ["library", "operation", "loop", "safety", "reasons", "codemod"] as const) {
    if (finding[key] !== undefined) properties[key] = finding[key];
  }
  return {
    ruleId: finding.kind,
    ruleIndex: FINDING_KINDS.indexOf(finding.kind),
    level: RULES[finding.kind].level,
    message: { text: findingMessage(finding) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: relativeUri(finding.file), uriBaseId: SRCROOT },
          region,
        },
        ...(finding.function ? { logicalLocations: [{ name: finding.function, kind: "function" }] } : {}),
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprintKey },
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
  };
}

export function sarifLog(assessment: Assessment) {
  const seen = new Map<string, number>();
  const results = assessment.findings.map((finding) => {
    // Identical sites in one function get 1, 2, 3… so each keeps its own fingerprint.
    const hash = fingerprint(finding);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return result(finding, `${hash}:${occurrence}`);
  });
  const uri = rootUri(assessment.root);
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0" as const,
    runs: [
      {
        tool: {
          driver: {
            name: assessment.tool.name,
            version: assessment.tool.version,
            semanticVersion: assessment.tool.version,
            informationUri: INFORMATION_URI,
            rules: FINDING_KINDS.map((kind) => {
              const rule = RULES[kind];
              return {
                id: kind,
                name: rule.name,
                shortDescription: { text: rule.short },
                fullDescription: { text: rule.full },
                help: { text: rule.help, markdown: `**${KIND_LABEL[kind]}.** ${rule.help}` },
                defaultConfiguration: { level: rule.level },
                properties: { tags: rule.tags, precision: "high" },
              };
            }),
          },
        },
        originalUriBaseIds: {
          [SRCROOT]: uri
            ? { uri, description: { text: "The directory that was assessed." } }
            : { description: { text: `The directory that was assessed: ${assessment.root}` } },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: assessment.errors.map((problem) => ({
              level: "error",
              message: { text: `Could not read or parse ${problem.file}: ${problem.message}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(problem.file), uriBaseId: SRCROOT } } }],
            })),
          },
        ],
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
}

export function renderSarif(assessment: Assessment, _options?: ReportOptions): string {
  return `${JSON.stringify(sarifLog(assessment), null, 2)}\n`;
}
