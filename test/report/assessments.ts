// Hand-built assessments for the reporter tests: one realistic (every optional field somewhere present
// and somewhere absent, awkward characters in paths and code), and an empty one.
import type { Assessment, Finding } from "../../src/findings.js";

export const FULL_FINDINGS: Finding[] = [
  {
    kind: "api-call",
    file: "src/services/users.ts",
    line: 12,
    column: 18,
    endLine: 12,
    endColumn: 50,
    code: "axios.get(`/users/${id}`)",
    library: "axios",
    operation: "read",
    function: "getUserProfile",
    safety: "safe",
    reasons: [],
    codemod: "cache-wrap",
  },
  {
    kind: "sequential-await",
    file: "src/services/users.ts",
    line: 20,
    column: 5,
    endLine: 20,
    endColumn: 33,
    code: "await getUserProfile(id)",
    function: "syncUsers",
    loop: { kind: "for-of", line: 19 },
    safety: "safe",
    codemod: "batch-loops",
  },
  {
    kind: "db-query",
    file: "src/db/orders.ts",
    line: 8,
    column: 10,
    endLine: 10,
    endColumn: 4,
    code: 'pool.query(\n  "SELECT * FROM orders WHERE a = $1 | b",\n  [id])',
    library: "pg",
    operation: "read",
    function: "listOrders",
  },
  {
    kind: "sequential-await",
    file: "src/db/orders.ts",
    line: 30,
    column: 7,
    endLine: 30,
    endColumn: 48,
    code: "await prisma.order.update({ where: { id } })",
    function: "closeOrders",
    loop: { kind: "for", line: 28 },
    safety: "unsafe",
    reasons: ["a variable declared outside the loop is written in it: total", "early exit: break"],
    codemod: "batch-loops",
  },
  {
    kind: "db-query",
    file: "src/db/orders.ts",
    line: 30,
    column: 13,
    endLine: 30,
    endColumn: 48,
    code: "prisma.order.update({ where: { id } })",
    library: "prisma",
    operation: "write",
    function: "closeOrders",
  },
  {
    // Top level of a script, no function; a path with a space, a comma and a colon-like character.
    kind: "api-call",
    file: "scripts/one off, v2.mjs",
    line: 3,
    column: 1,
    endLine: 3,
    endColumn: 28,
    code: "await fetch('https://x.test/a:b,c%20d')",
    library: "fetch",
    operation: "unknown",
  },
  {
    kind: "sequential-await",
    file: "src/report|weird`name.ts",
    line: 5,
    column: 3,
    endLine: 5,
    endColumn: 30,
    code: "const b = await `tag`|pipe",
    function: "load_all",
    loop: { kind: "waterfall", line: 4 },
    safety: "review",
    reasons: ["writes: ordered output"],
  },
];

export function fullAssessment(root = "/home/dev/shop-api"): Assessment {
  return {
    tool: { name: "optimigrate", version: "0.1.0" },
    root,
    files: { scanned: 42, skipped: 3, failed: 1 },
    findings: FULL_FINDINGS.map((f) => structuredClone(f)),
    summary: {
      byKind: { "api-call": 2, "db-query": 2, "sequential-await": 3 },
      byLibrary: { pg: 1, axios: 1, prisma: 1, fetch: 1 },
      byOperation: { read: 2, write: 1, unknown: 1 },
      hotspots: [
        { file: "src/db/orders.ts", function: "closeOrders", findings: 2 },
        { file: "scripts/one off, v2.mjs", findings: 1 },
      ],
      testFindings: 0,
      durationMs: 1234,
    },
    errors: [{ file: "src/broken.ts", message: "';' expected. (3:14)" }],
  };
}

export function emptyAssessment(root = "/tmp/empty"): Assessment {
  return {
    tool: { name: "optimigrate", version: "0.1.0" },
    root,
    files: { scanned: 0, skipped: 0, failed: 0 },
    findings: [],
    summary: {
      byKind: { "api-call": 0, "db-query": 0, "sequential-await": 0 },
      byLibrary: {},
      byOperation: { read: 0, write: 0, unknown: 0 },
      hotspots: [],
      testFindings: 0,
      durationMs: 0,
    },
    errors: [],
  };
}
