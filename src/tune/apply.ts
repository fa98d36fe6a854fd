// `tune --apply`: rewrite the TTL literals of matching cached() calls through the migrate engine, or preview
// the diffs (--dry-run) or only check (--check). Writes go through the engine's applyChanges: it refuses files
// with uncommitted changes (unless --allow-dirty), re-checks that each file still parses and is unchanged on
// disk, and writes atomically.
import { applyChanges } from "../migrate/apply.js";
import { fileDiff } from "../migrate/diff.js";
import { discoverFiles } from "../scan/discover.js";
import type { TtlRecommendation } from "./recommend.js";
import type { TuneApplySummary } from "./tune.js";
import { planTtlRewrite, ttlTargets } from "./plan.js";

export type ApplyMode = TuneApplySummary["mode"];

export interface ApplyInput {
  root: string;
  paths: string[];
  include?: string[];
  exclude?: string[];
  libraries?: Record<string, "api" | "db">;
  mode: ApplyMode;
  allowDirty?: boolean;
}

export async function applyTtlRecommendations(input: ApplyInput, recommendations: readonly TtlRecommendation[]): Promise<TuneApplySummary> {
  const targets = ttlTargets(recommendations);
  const files = targets.size ? await discoverFiles({ root: input.root, paths: input.paths, include: input.include, exclude: input.exclude }) : [];
  const plan = await planTtlRewrite(input.root, files, targets, input.libraries);
  const result: TuneApplySummary = {
    mode: input.mode,
    root: input.root,
    targets: plan.targets,
    scanned: plan.scanned,
    files: plan.changes.map((c) => ({
      path: c.path,
      edits: c.ttlEdits.map((e) => ({ line: e.line, column: e.column, prefix: e.prefix, from: e.from, to: e.to })),
      diff: fileDiff(c.path, c.original, c.updated),
    })),
    skipped: plan.skipped,
    unchanged: plan.unchanged,
    written: [],
    failed: [...plan.failed],
  };
  if (input.mode === "write" && plan.changes.length) {
    // TTL changes are not something `migrate --revert` should undo: no journal entries.
    const applied = await applyChanges(plan.changes, { root: input.root, allowDirty: input.allowDirty ?? false, journal: false, command: "tune --apply" });
    result.written = applied.written;
    result.failed.push(...applied.failed);
  }
  return result;
}

export function pendingEdits(result: TuneApplySummary): number {
  return result.files.reduce((n, f) => n + f.edits.length, 0);
}
