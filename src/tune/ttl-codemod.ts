// The TTL rewrite as a codemod of the migrate engine: planTtlEdits (ttl-edits.ts) behind the engine's Codemod
// interface, so `tune --apply` plans, checks, diffs and writes exactly as `migrate` does.
import type { SourceFile } from "ts-morph";
import { reason } from "../analysis/reasons.js";
import type { Codemod, Edit, Skip } from "../migrate/codemod.js";
import { planTtlEdits, type TtlTarget } from "./ttl-edits.js";

export const TTL_CODEMOD = "tune-ttl";

/** An engine Edit that also says which prefix and TTLs it is about (the engine carries extra fields along). */
export interface TtlCodemodEdit extends Edit {
  prefix: string;
  column: number;
  from: number;
  to: number;
}

export interface TtlCodemodSkip extends Skip {
  prefix: string;
}

export function isTtlEdit(edit: Edit): edit is TtlCodemodEdit {
  return edit.codemod === TTL_CODEMOD && typeof (edit as Partial<TtlCodemodEdit>).prefix === "string";
}

export function isTtlSkip(skip: Skip): skip is TtlCodemodSkip {
  return skip.codemod === TTL_CODEMOD && typeof (skip as Partial<TtlCodemodSkip>).prefix === "string";
}

/**
 * A codemod that rewrites `cached("<prefix>", args, { ttl: N }, load)` to the target TTL of its prefix.
 * `onUnchanged` counts calls already at their target (a second run is a no-op).
 */
export function ttlCodemod(targets: ReadonlyMap<string, TtlTarget>, onUnchanged: (count: number) => void = () => {}): Codemod {
  return {
    name: TTL_CODEMOD,
    description: "sets the ttl literal of cached(\"<prefix>\", …) calls to the TTL tune recommends",
    canBreak: "entries of the prefix live longer (staler answers) or shorter (more real calls)",
    quickCheck: (text) => targets.size > 0 && text.includes("cached"),
    transform(sourceFile: SourceFile) {
      const text = sourceFile.getFullText();
      const plan = planTtlEdits(sourceFile.getFilePath(), text, targets);
      if (plan.unchanged) onUnchanged(plan.unchanged);
      const edits: TtlCodemodEdit[] = plan.edits.map((e) => ({
        codemod: TTL_CODEMOD,
        start: e.start,
        end: e.end,
        before: text.slice(e.start, e.end),
        after: e.text,
        line: e.line,
        safety: "safe",
        reasons: [],
        prefix: e.prefix,
        column: e.column,
        from: e.from,
        to: e.to,
      }));
      const skips: TtlCodemodSkip[] = plan.skipped.map((s) => ({
        codemod: TTL_CODEMOD,
        line: s.line,
        code: `cached("${s.prefix}", …)`,
        safety: "unsafe",
        // the engine's generic reason: the message is the TTL rewrite's own
        reasons: [reason("loop-shape", { detail: s.reason }, s.line)],
        prefix: s.prefix,
      }));
      return { edits, skips };
    },
  };
}
