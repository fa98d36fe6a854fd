// Plans `tune --apply` over a code base with the migrate engine: which files' `cached(...)` TTL literals
// change, which calls are left and why. Reads files, writes nothing.
import { readFile } from "node:fs/promises";
import { displayPath } from "../scan/discover.js";
import { planText } from "../migrate/plan.js";
import type { Change } from "../migrate/apply.js";
import type { TtlRecommendation } from "./recommend.js";
import type { TtlTarget } from "./ttl-edits.js";
import { isTtlEdit, isTtlSkip, ttlCodemod, type TtlCodemodEdit } from "./ttl-codemod.js";

export interface TtlFileChange extends Change {
  ttlEdits: TtlCodemodEdit[];
}

export interface TtlRewritePlan {
  targets: { prefix: string; from: number | null; to: number }[];
  scanned: number;
  changes: TtlFileChange[];
  skipped: { path: string; line: number; prefix: string; reason: string }[];
  /** `cached(...)` calls already at the recommended TTL. */
  unchanged: number;
  /** Files that could not be read or parsed (left alone). */
  failed: { path: string; message: string }[];
}

/** The prefixes whose TTL should change: increase and decrease recommendations. */
export function ttlTargets(recommendations: readonly TtlRecommendation[]): Map<string, TtlTarget> {
  const targets = new Map<string, TtlTarget>();
  for (const r of recommendations) {
    if ((r.action === "increase" || r.action === "decrease") && r.recommendedTtl !== null) targets.set(r.prefix, { from: r.ttl, to: r.recommendedTtl });
  }
  return targets;
}

export async function planTtlRewrite(
  root: string,
  files: readonly string[],
  targets: ReadonlyMap<string, TtlTarget>,
  libraries: Record<string, "api" | "db"> = {},
): Promise<TtlRewritePlan> {
  const plan: TtlRewritePlan = {
    targets: [...targets].map(([prefix, t]) => ({ prefix, from: t.from, to: t.to })),
    scanned: 0,
    changes: [],
    skipped: [],
    unchanged: 0,
    failed: [],
  };
  if (targets.size === 0) return plan;
  const codemod = ttlCodemod(targets, (n) => (plan.unchanged += n));
  const options = { codemods: [codemod], libraries, batchSize: 10, batchStyle: "slices" as const, cacheModule: "optimigrate/runtime", includeReview: false };
  for (const file of files) {
    const path = displayPath(root, file);
    let raw: string;
    try {
      raw = await readFile(file, "utf8");
    } catch (error) {
      plan.failed.push({ path, message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      continue;
    }
    plan.scanned++;
    // The engine parses every file; only those that mention cached are worth it.
    if (!codemod.quickCheck!(raw)) continue;
    const result = planText(file, raw, options, path);
    if (result.error) {
      plan.failed.push({ path, message: result.error });
      continue;
    }
    for (const skip of result.skips) {
      plan.skipped.push({ path, line: skip.line, prefix: isTtlSkip(skip) ? skip.prefix : "", reason: skip.reasons.map((r) => r.message).join("; ") });
    }
    if (result.updated !== undefined) {
      plan.changes.push({ file, path, original: raw, updated: result.updated, edits: result.edits, ttlEdits: result.edits.filter(isTtlEdit) });
    }
  }
  return plan;
}
