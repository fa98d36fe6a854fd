// The verdict `assess` shows on a sequential-await finding: the same analysis the codemods use, so
// the assessment and the migration never disagree.
import { ts } from "ts-morph";
import type { LoopKind, Safety } from "../findings.js";
import { findAwaitGroups, type AwaitIndependenceOptions } from "./await-independence.js";
import type { CallClassifier } from "./external-calls.js";
import type { EffectOptions } from "./effects.js";
import { analyzeLoop, type LoopNode } from "./loop-safety.js";
import { reason, type Reason } from "./reasons.js";

export interface SiteVerdict {
  safety: Safety;
  reasons: string[];
  codemod: "batch-loops" | "parallel-awaits";
}

/** Code a codemod already rewrote starts with its marker comment (`// optimigrate: batched (batch-loops)`). */
export function isMigrated(node: ts.Node): boolean {
  const sf = node.getSourceFile();
  let statement: ts.Node = node;
  while (statement.parent && !ts.isBlock(statement.parent) && !ts.isSourceFile(statement.parent) && !ts.isCaseClause(statement.parent) && !ts.isDefaultClause(statement.parent) && !ts.isModuleBlock(statement.parent)) statement = statement.parent;
  const comments = ts.getLeadingCommentRanges(sf.text, statement.pos) ?? [];
  return comments.some((c) => sf.text.slice(c.pos, c.end).startsWith("// optimigrate: "));
}

function messages(reasons: Reason[]): string[] {
  return reasons.map((r) => r.message);
}

export interface SiteVerdicts {
  /** undefined: the site is code a codemod wrote (the finding is dropped). */
  verdictFor(site: { node: ts.Node; loop: ts.Node; loopKind: LoopKind }): SiteVerdict | undefined;
}

export function siteVerdicts(classifyCall: CallClassifier, resolveImport?: EffectOptions["resolveImport"]): SiteVerdicts {
  const loops = new Map<ts.Node, SiteVerdict>();
  const lists = new Map<ts.Node, ReturnType<typeof findAwaitGroups>>();
  const reviewLists = new Map<ts.Node, ReturnType<typeof findAwaitGroups>>();
  const operandVerdicts: AwaitIndependenceOptions["operandVerdicts"] = new Map();
  return {
    verdictFor(site) {
      if (isMigrated(site.loop)) return undefined;
      if (site.loopKind !== "waterfall") {
        let verdict = loops.get(site.loop);
        if (!verdict) {
          const analysis = analyzeLoop(site.loop as LoopNode, { classifyCall, resolveImport });
          verdict = { safety: analysis.safety, reasons: messages(analysis.reasons), codemod: "batch-loops" };
          loops.set(site.loop, verdict);
        }
        return verdict;
      }
      const container = site.loop.parent;
      const statements = container && (ts.isBlock(container) || ts.isSourceFile(container) || ts.isModuleBlock(container) || ts.isCaseClause(container) || ts.isDefaultClause(container)) ? container.statements : undefined;
      let statement: ts.Node = site.node;
      while (statement.parent && statement.parent !== container) statement = statement.parent;
      if (!statements || !container) return { safety: "unsafe", reasons: messages([reason("await-shape")]), codemod: "parallel-awaits" };
      let found = lists.get(container);
      if (!found) lists.set(container, (found = findAwaitGroups(statements, { classifyCall, resolveImport, operandVerdicts })));
      const group = found.groups.find((g) => g.statements.includes(statement as ts.VariableStatement));
      if (group) return { safety: group.safety, reasons: messages(group.reasons), codemod: "parallel-awaits" };
      const refusal = found.refusals.find((r) => r.statement === statement);
      if (refusal) return { safety: refusal.safety, reasons: messages(refusal.reasons), codemod: "parallel-awaits" };
      // Not grouped by default, but --include-review would group it (with an await that needs review before
      // it): say so, as `migrate --include-review` would rewrite it.
      let lenient = reviewLists.get(container);
      if (!lenient) reviewLists.set(container, (lenient = findAwaitGroups(statements, { classifyCall, resolveImport, includeReview: true, operandVerdicts })));
      const reviewGroup = lenient.groups.find((g) => g.statements.includes(statement as ts.VariableStatement));
      if (reviewGroup) return { safety: reviewGroup.safety, reasons: messages(reviewGroup.reasons), codemod: "parallel-awaits" };
      // the await before it could not join (it writes, say): that is why this one runs after it
      const previous = statements[statements.indexOf(statement as ts.Statement) - 1];
      const before = previous && found.refusals.find((r) => r.statement === previous);
      if (before) return { safety: before.safety, reasons: messages(before.reasons), codemod: "parallel-awaits" };
      return { safety: "unsafe", reasons: messages([reason("await-shape")]), codemod: "parallel-awaits" };
    },
  };
}
