// Plans `tune --apply` over a code base: which files' `cached(...)` TTL literals change, which are left and why.
// Reads files, writes nothing.
import { readFile } from "node:fs/promises";
import { relative, sep } from "node:path";
import type { TtlRecommendation } from "./recommend.js";
import { applyTtlEdits, planTtlEdits, type TtlEdit, type TtlSkip, type TtlTarget } from "./ttl-edits.js";

export interface TtlFileChange {
  /** Absolute path. */
  file: string;
  /** Relative to the root, `/` separators. */
  path: string;
  original: string;
  updated: string;
  edits: TtlEdit[];
}

export interface TtlRewritePlan {
  targets: { prefix: string; from: number | null; to: number }[];
  scanned: number;
  changes: TtlFileChange[];
  skipped: TtlSkip[];
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

const BOM = "\uFEFF";

function displayPath(root: string, file: string): string {
  const rel = relative(root, file);
  return sep === "/" ? rel : rel.split(sep).join("/");
}

export async function planTtlRewrite(root: string, files: readonly string[], targets: ReadonlyMap<string, TtlTarget>): Promise<TtlRewritePlan> {
  const plan: TtlRewritePlan = {
    targets: [...targets].map(([prefix, t]) => ({ prefix, from: t.from, to: t.to })),
    scanned: 0,
    changes: [],
    skipped: [],
    unchanged: 0,
    failed: [],
  };
  if (targets.size === 0) return plan;
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
    const bom = raw.startsWith(BOM) ? BOM : "";
    const text = bom ? raw.slice(1) : raw;
    const filePlan = planTtlEdits(path, text, targets);
    if (filePlan.parseError) {
      plan.failed.push({ path, message: `syntax error at ${filePlan.parseError}` });
      continue;
    }
    plan.skipped.push(...filePlan.skipped);
    plan.unchanged += filePlan.unchanged;
    if (filePlan.edits.length) plan.changes.push({ file, path, original: raw, updated: bom + applyTtlEdits(text, filePlan.edits), edits: filePlan.edits });
  }
  return plan;
}
