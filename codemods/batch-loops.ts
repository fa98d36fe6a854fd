// batch-loops: loops whose iterations are independent run in batches of `batchSize` with Promise.all
// (or the runtime's mapBatched), results in the original order. Refuses, with the reason, every loop
// the analysis cannot prove independent (DESIGN §4).
import { ts, type SourceFile } from "ts-morph";
import { analyzeLoop, findAwaitingLoops, type LoopShape } from "../src/analysis/loop-safety.js";
import { reason } from "../src/analysis/reasons.js";
import { BATCH_LOOPS_INFO } from "./meta.js";
import { findDeclaration, isReference, isWriteTarget, walk } from "../src/analysis/scope.js";
import {
  eolOf,
  firstLine,
  freshName,
  hasMarker,
  indentAt,
  indentUnit,
  isTypeScriptFile,
  markerComment,
  rewriteRange,
  SEMI,
  usedNames,
  type Codemod,
  type CodemodOptions,
  type CodemodResult,
  type Edit,
  type Replacement,
} from "../src/migrate/codemod.js";
import { runtimeImportEdit } from "../src/migrate/imports.js";

export const NAME = BATCH_LOOPS_INFO.name;

interface Emit {
  sf: ts.SourceFile;
  text: string;
  eol: string;
  ind: string;
  unit: string;
  /** Names of the whole file (for declarations hoisted into the enclosing block). */
  taken: Set<string>;
  /** Names used by the loop itself (for declarations that live inside the emitted loop). */
  local: Set<string>;
  options: CodemodOptions;
  ts: boolean;
}

/** The inside of the batch callback: the loop body with `continue` -> `return` and the push -> `return value`. */
function callbackBody(e: Emit, shape: LoopShape, prelude: string[], delta: string): string {
  const { sf, text, eol } = e;
  const body = shape.body;
  const acc = shape.accumulator;
  // with an accumulator and `continue`, each item gives [] (skipped) or [value]; the results are flattened one level
  const wrapped = needsWrapping(shape, e.options);
  const replacements: Replacement[] = shape.continues.map((c) => ({ start: c.getStart(sf), end: c.getStart(sf) + "continue".length, text: wrapped ? "return []" : "return" }));
  if (acc) {
    const call = acc.statement.expression as ts.CallExpression;
    const value = acc.value;
    const headEnd = call.arguments.pos; // just after `(`
    const leading = text.slice(headEnd, value.getStart(sf));
    const wrap = /[\r\n]/.test(leading);
    const open = wrapped ? "[" : wrap ? "(" : "";
    const close = wrapped ? "]" : wrap ? ")" : "";
    replacements.push({ start: acc.statement.getStart(sf), end: headEnd, text: `return ${open}` });
    const tail = text.slice(value.end, acc.statement.end);
    const semi = tail.trimEnd().endsWith(";") ? ";" : "";
    replacements.push({ start: value.end, end: acc.statement.end, text: wrap ? `${eol}${e.ind}${e.unit}${delta}${close}${semi}` : `${close}${semi}` });
  }
  const inner = e.ind + e.unit + delta; // where the body's statements now start
  const preludeText = prelude.map((p) => `${eol}${inner}${p}`).join("");
  if (ts.isBlock(body)) {
    const open = body.getStart(sf) + 1;
    const close = body.end - 1;
    return `{${preludeText}${rewriteRange(sf, open, close, replacements, delta, eol, body)}}`;
  }
  // a body without braces (a single statement, or a forEach arrow's expression)
  const start = body.getStart(sf);
  let statement = rewriteRange(sf, start, body.end, replacements, delta, eol, body);
  if (!ts.isStatement(body)) statement = `return ${statement}${SEMI}`;
  return `{${preludeText}${eol}${inner}${statement}${eol}${e.ind}${delta}}`;
}

function emitLoop(e: Emit, shape: LoopShape): { text: string; usesRuntime: boolean } {
  const { eol, ind, unit, taken, local, options } = e;
  const n = options.batchSize;
  const pool = options.batchStyle === "pool";
  const lines: string[] = [markerComment(NAME, "batched")];
  const acc = shape.accumulator;
  const batch = acc ? freshName(options.batchStyle === "pool" ? taken : local, "batch") : undefined;
  const assign = batch ? `const ${batch} = ` : "";
  const flat = needsWrapping(shape, options) ? ".flat()" : "";
  const pushBack = (into: string[], at: string) => {
    if (!acc || !batch) return;
    if (pool) {
      const value = freshName(local, "value");
      into.push(`${at}for (const ${value} of ${batch}${flat}) ${acc.name}.push(${value})${SEMI}`);
    } else into.push(`${at}${acc.name}.push(...${batch}${flat})${SEMI}`);
  };

  // what the batches run over
  let items: string | undefined;
  const param = shape.item ?? "item";
  const prelude: string[] = [];
  if (shape.kind === "for-in") {
    const keys = freshName(taken, "keys");
    const key = freshName(local, "key");
    lines.push(`const ${keys}${e.ts ? ": string[]" : ""} = []${SEMI}`);
    lines.push(`for (const ${key} in ${shape.items!.getText(e.sf)}) ${keys}.push(${key})${SEMI}`);
    items = keys;
  } else if (shape.kind === "for-of" || shape.kind === "forEach") {
    const expr = shape.items!;
    const simple = ts.isIdentifier(expr) && isStableBinding(expr);
    if (shape.itemsIsArray && simple) items = expr.text;
    else {
      items = freshName(taken, "items");
      lines.push(`const ${items} = ${shape.itemsIsArray ? expr.getText(e.sf) : `Array.from(${expr.getText(e.sf)})`}${SEMI}`);
    }
  }

  if (shape.kind === "for") {
    const { name, start, end, inclusive } = shape.index!;
    const s = start!.getText(e.sf);
    const b = end!.getText(e.sf);
    // i takes start, start + 1, … while i < end: ceil(end - start) steps (floor(…) + 1 with <=); plain subtraction when both are whole numbers
    const integral = isWholeNumber(start!) && isWholeNumber(end!);
    // a body that never reads the index gets no variable for it: `noUnusedLocals` would reject one
    const usesIndex = readsName(shape.body, name);
    if (pool) {
      const k = freshName(local, "k");
      const ignore = freshName(local, "_");
      const count = stepCount(b, s, Boolean(inclusive), integral);
      lines.push(`${assign}await mapBatched(Array.from({ length: Math.max(0, ${count}) }, (${ignore}, ${k}) => ${s} + ${k}), async (${usesIndex ? name : ""}) => ${callbackBody(e, shape, [], "")}, { batchSize: ${n} })${SEMI}`);
      pushBack(lines, "");
    } else {
      const bs = freshName(local, "batchStart");
      const offset = freshName(local, "offset");
      const ignore = freshName(local, "_");
      const params = usesIndex ? `${ignore}, ${offset}` : "";
      const indexLine = usesIndex ? [`const ${name} = ${bs} + ${offset}${SEMI}`] : [];
      lines.push(`for (let ${bs} = ${s}; ${bs} ${inclusive ? "<=" : "<"} ${b}; ${bs} += ${n}) {`);
      lines.push(`${unit}${assign}await Promise.all(Array.from({ length: Math.min(${n}, ${stepCount(b, bs, Boolean(inclusive), integral)}) }, async (${params}) => ${callbackBody(e, shape, indexLine, unit)}))${SEMI}`);
      pushBack(lines, unit);
      lines.push("}");
    }
  } else {
    const indexParam = shape.kind === "forEach" && shape.index ? shape.index.name : undefined;
    if (pool) {
      lines.push(`${assign}await mapBatched(${items}, async (${param}${indexParam ? `, ${indexParam}` : ""}) => ${callbackBody(e, shape, [], "")}, { batchSize: ${n} })${SEMI}`);
      pushBack(lines, "");
    } else {
      const bs = freshName(local, "batchStart");
      let prelude2: string[] = prelude;
      let params = param;
      if (indexParam) {
        const offset = freshName(local, "offset");
        params = `${param}, ${offset}`;
        prelude2 = [`const ${indexParam} = ${bs} + ${offset}${SEMI}`];
      }
      lines.push(`for (let ${bs} = 0; ${bs} < ${items}.length; ${bs} += ${n}) {`);
      lines.push(`${unit}${assign}await Promise.all(${items}.slice(${bs}, ${bs} + ${n}).map(async (${params}) => ${callbackBody(e, shape, prelude2, unit)}))${SEMI}`);
      pushBack(lines, unit);
      lines.push("}");
    }
  }
  return { text: lines.map((l, i) => (i === 0 ? l : `${ind}${l}`)).join(eol), usesRuntime: pool };
}

/** Does `body` read the variable `name` (the loop's own index: nothing inside declares another)? */
function readsName(body: ts.Node, name: string): boolean {
  let found = false;
  walk(body, (n) => {
    if (!found && ts.isIdentifier(n) && n.text === name && isReference(n)) found = true;
  }, { intoFunctions: true });
  return found;
}

/**
 * Each item returns `[value]` (or `[]` for `continue`) and the batch is flattened one level when the
 * value could be a promise or other thenable: an async callback would wait for it, where the original
 * pushed the promise itself.
 */
function needsWrapping(shape: LoopShape, options: CodemodOptions): boolean {
  const acc = shape.accumulator;
  if (!acc) return false;
  if (shape.continues.length > 0) return true;
  // the syntax first; the repo's types (when there is a tsconfig) can clear a value whose type has no `then`
  return mayBeThenable(acc.value) && options.mayBeThenable?.(acc.value) !== false;
}

function mayBeThenable(e: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e)) return mayBeThenable(e.expression);
  if (ts.isAwaitExpression(e)) return false; // await never gives a thenable
  if (ts.isStringLiteralLike(e) || ts.isNumericLiteral(e) || ts.isTemplateExpression(e) || ts.isBigIntLiteral(e) || ts.isRegularExpressionLiteral(e)) return false;
  if ([ts.SyntaxKind.TrueKeyword, ts.SyntaxKind.FalseKeyword, ts.SyntaxKind.NullKeyword].includes(e.kind)) return false;
  if (ts.isPrefixUnaryExpression(e) || ts.isTypeOfExpression(e) || ts.isBinaryExpression(e)) {
    return ts.isBinaryExpression(e) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.CommaToken].includes(e.operatorToken.kind)
      ? mayBeThenable(e.left) || mayBeThenable(e.right)
      : false;
  }
  if (ts.isConditionalExpression(e)) return mayBeThenable(e.whenTrue) || mayBeThenable(e.whenFalse);
  if (ts.isArrayLiteralExpression(e)) return false;
  if (ts.isObjectLiteralExpression(e)) return e.properties.some((p) => !ts.isSpreadAssignment(p) && p.name?.getText() === "then");
  // a const bound to an awaited value itself (its properties could still hold a promise)
  if (ts.isIdentifier(e)) {
    const decl = findDeclaration(e);
    const n = decl?.parent;
    if (n && ts.isVariableDeclaration(n) && n.name === decl && n.initializer && ts.isAwaitExpression(n.initializer) && (n.parent.flags & ts.NodeFlags.Const) !== 0) return false;
  }
  return true;
}

/** An integer literal or a `.length`, or sums and differences of them. */
function isWholeNumber(e: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(e)) return isWholeNumber(e.expression);
  if (ts.isNumericLiteral(e)) return /^\d+$/.test(e.text);
  if (ts.isPropertyAccessExpression(e)) return e.name.text === "length";
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.PlusToken || e.operatorToken.kind === ts.SyntaxKind.MinusToken)) return isWholeNumber(e.left) && isWholeNumber(e.right);
  return false;
}

function stepCount(end: string, from: string, inclusive: boolean, integral: boolean): string {
  if (integral) return `${end} - ${from}${inclusive ? " + 1" : ""}`;
  return inclusive ? `Math.floor(${end} - ${from}) + 1` : `Math.ceil(${end} - ${from})`;
}

/** A `const`, or a parameter never reassigned: reading it once per batch gives the same array every time. */
function isStableBinding(id: ts.Identifier): boolean {
  const decl = findDeclaration(id);
  const p = decl?.parent;
  if (!decl || !p) return false;
  if (ts.isVariableDeclaration(p) && p.name === decl) return (p.parent.flags & ts.NodeFlags.Const) !== 0;
  if (ts.isParameter(p) && p.name === decl) {
    let written = false;
    walk(p.parent, (n) => {
      if (ts.isIdentifier(n) && n.text === id.text && isReference(n) && findDeclaration(n) === decl && isWriteTarget(n)) written = true;
    }, { intoFunctions: true });
    return !written;
  }
  return false;
}

export const batchLoops: Codemod = {
  ...BATCH_LOOPS_INFO,
  quickCheck: (text) => text.includes("await"),
  transform(sourceFile: SourceFile, options: CodemodOptions): CodemodResult {
    const sf = sourceFile.compilerNode;
    const text = sf.text;
    const fileName = sf.fileName;
    const result: CodemodResult = { edits: [], skips: [] };
    const loops = findAwaitingLoops(sf);
    if (loops.length === 0) return result;
    const fileNames = usedNames(sf);
    const taken = new Set(fileNames);
    const eol = eolOf(text);
    let usesRuntime = false;
    for (const loop of loops) {
      const analysis = analyzeLoop(loop, { classifyCall: options.classifyCall, resolveImport: options.resolveImport, isArray: options.isArray });
      const statement = analysis.shape?.statement ?? (ts.isCallExpression(loop) ? loop.parent : loop);
      if (hasMarker(statement, sf)) continue;
      const line = sf.getLineAndCharacterOfPosition(statement.getStart(sf)).line + 1;
      const code = firstLine(statement.getText(sf));
      const accept = analysis.safety === "safe" || (analysis.safety === "review" && options.includeReview);
      if (!accept || !analysis.shape) {
        const reasons = analysis.reasons.length ? analysis.reasons : [reason("loop-shape", { detail: "this loop shape is not rewritten" })];
        result.skips.push({ codemod: NAME, line, code, safety: analysis.safety, reasons });
        continue;
      }
      const shape = analysis.shape;
      const ind = indentAt(text, statement.getStart(sf));
      const firstInner = ts.isBlock(shape.body) ? shape.body.statements[0] : shape.body;
      const unit = indentUnit(text, ind, firstInner, sf);
      const local = usedNames(statement);
      for (const name of taken) if (!fileNames.has(name)) local.add(name); // hoisted by earlier rewrites
      const emitted = emitLoop({ sf, text, eol, ind, unit, taken, local, options, ts: isTypeScriptFile(fileName) }, shape);
      const edit: Edit = {
        codemod: NAME,
        start: statement.getStart(sf),
        end: statement.end,
        before: text.slice(statement.getStart(sf), statement.end),
        after: emitted.text,
        line,
        safety: analysis.safety,
        reasons: analysis.reasons,
      };
      usesRuntime ||= emitted.usesRuntime;
      result.edits.push(edit);
    }
    if (usesRuntime) {
      const importEdit = runtimeImportEdit(sf, options.cacheModule, ["mapBatched"], NAME, eol);
      if (importEdit) result.edits.push(importEdit);
    }
    return result;
  },
};

export default batchLoops;
