// parallel-awaits: consecutive independent `const a = await f(); const b = await g();` become
// `const [a, b] = await Promise.all([f(), g()]);`, keeping const/let, names and types (DESIGN §4).
import { ts, type SourceFile } from "ts-morph";
import { findAwaitGroups, statementLists, type AwaitGroup } from "../src/analysis/await-independence.js";
import { PARALLEL_AWAITS_INFO } from "./meta.js";
import {
  eolOf,
  firstLine,
  indentAt,
  indentUnit,
  markerComment,
  rewriteRange,
  SEMI,
  type Codemod,
  type CodemodOptions,
  type CodemodResult,
} from "../src/migrate/codemod.js";

export const NAME = PARALLEL_AWAITS_INFO.name;
const MAX_LINE = 100;

function emitGroup(sf: ts.SourceFile, group: AwaitGroup, eol: string): string {
  const text = sf.text;
  const first = group.statements[0]!;
  const ind = indentAt(text, first.getStart(sf));
  const unit = indentUnit(text, ind);
  const keyword = first.declarationList.flags & ts.NodeFlags.Const ? "const" : "let";
  const decls = group.statements.map((s) => s.declarationList.declarations[0]!);
  const names = decls.map((d) => d.name.getText(sf));
  const types = decls.every((d) => d.type) ? `: [${decls.map((d) => d.type!.getText(sf)).join(", ")}]` : "";
  const operands = decls.map((d) => (d.initializer as ts.AwaitExpression).expression);
  const oneLine = operands.map((o) => o.getText(sf));
  const head = `${keyword} [${names.join(", ")}]${types} = await Promise.all([`;
  const single = `${head}${oneLine.join(", ")}])${SEMI}`;
  const marker = markerComment(NAME, "parallel");
  if (!oneLine.some((o) => /[\r\n]/.test(o)) && ind.length + single.length <= MAX_LINE) return `${marker}${eol}${ind}${single}`;
  // An operand's later lines move with its first line: from where that line was indented to `ind + unit`
  // (an operand that began on a continuation line, `const x =\n    await f(\n…`, keeps its columns).
  const items = operands.map((o) => {
    const start = o.getStart(sf);
    const was = indentAt(text, start);
    const now = `${ind}${unit}`;
    const shift = now.startsWith(was) ? now.slice(was.length) : "";
    return `${now}${rewriteRange(sf, start, o.end, [], shift, eol, o)},`;
  });
  return [marker, `${ind}${head}`, ...items, `${ind}])${SEMI}`].join(eol);
}

export const parallelAwaits: Codemod = {
  ...PARALLEL_AWAITS_INFO,
  quickCheck: (text) => text.includes("await"),
  transform(sourceFile: SourceFile, options: CodemodOptions): CodemodResult {
    const sf = sourceFile.compilerNode;
    const text = sf.text;
    const result: CodemodResult = { edits: [], skips: [] };
    if (!text.includes("await")) return result;
    const eol = eolOf(text);
    for (const list of statementLists(sf)) {
      if (list.length < 2) continue;
      const { groups, refusals } = findAwaitGroups(list, { classifyCall: options.classifyCall, includeReview: options.includeReview, resolveImport: options.resolveImport });
      for (const refusal of refusals) {
        const line = sf.getLineAndCharacterOfPosition(refusal.statement.getStart(sf)).line + 1;
        result.skips.push({ codemod: NAME, line, code: firstLine(refusal.statement.getText(sf)), safety: refusal.safety, reasons: refusal.reasons });
      }
      for (const group of groups) {
        const first = group.statements[0]!;
        const last = group.statements[group.statements.length - 1]!;
        const start = first.getStart(sf);
        const line = sf.getLineAndCharacterOfPosition(start).line + 1;
        const edit = {
          codemod: NAME,
          start,
          end: last.end,
          before: text.slice(start, last.end),
          after: emitGroup(sf, group, eol),
          line,
          safety: group.safety,
          reasons: group.reasons,
        };
        result.edits.push(edit);
      }
    }
    return result;
  },
};

export default parallelAwaits;
