// `migrate --revert`: takes out exactly what our codemods put in. Every emitted block starts with its marker
// comment; the journal (.optimigrate/journal.jsonl) holds each block's text before and after. A block is put
// back when the journal has an entry whose text is still there, unchanged, at the marker (batched loops,
// parallel awaits, cache wrappers), or — for cache wrappers only — when the wrapper itself is still exactly
// as emitted (its body may have been edited since: the edited body is kept). Anything else is left alone
// and reported: revert never guesses. Imports of `cached`/`mapBatched` that nothing uses any more go too.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ts } from "ts-morph";
import { reason, type Reason } from "../analysis/reasons.js";
import { discoverFiles, displayPath } from "../scan/discover.js";
import { findDeclaration, isReference } from "../analysis/scope.js";
import { parseSource } from "../scan/parse.js";
import { applyEdits, firstLine, indentAt, parseErrors, verbatimRanges, type Edit, type Skip } from "./codemod.js";
import { readForPlan, type FilePlan, type MigrationPlan, type TextPlan } from "./plan.js";

export interface JournalEntry {
  codemod: string;
  before: string;
  after: string;
  file?: string;
  at?: string;
}

const MARKER = /^\/\/ optimigrate: (.*) \(([\w-]+)\)\s*$/;
const RUNTIME_NAMES = new Set(["cached", "mapBatched"]);
const BOM = "\uFEFF";

/** The journal of `root`, oldest first; undefined when there is none (or it cannot be read). */
export async function readJournal(root: string): Promise<JournalEntry[] | undefined> {
  let text: string;
  try {
    text = await readFile(join(root, ".optimigrate", "journal.jsonl"), "utf8");
  } catch {
    return undefined;
  }
  const entries: JournalEntry[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as JournalEntry;
      if (typeof e.codemod === "string" && typeof e.before === "string" && typeof e.after === "string") entries.push(e);
    } catch {
      // a torn last line (interrupted write) is skipped; the others still count
    }
  }
  return entries;
}

interface Marker {
  /** Position of the comment. */
  pos: number;
  end: number;
  codemod: string;
  what: string;
  /** The outermost node the comment leads. */
  node: ts.Node;
}

function markersOf(sf: ts.SourceFile): Marker[] {
  const seen = new Map<number, Marker>();
  const visit = (node: ts.Node): void => {
    // a marker right after `=>` is on the arrow's line: a trailing comment of that position
    for (const c of [...(ts.getTrailingCommentRanges(sf.text, node.pos) ?? []), ...(ts.getLeadingCommentRanges(sf.text, node.pos) ?? [])]) {
      if (seen.has(c.pos) || c.kind !== ts.SyntaxKind.SingleLineCommentTrivia) continue;
      const m = MARKER.exec(sf.text.slice(c.pos, c.end));
      if (m) seen.set(c.pos, { pos: c.pos, end: c.end, what: m[1]!, codemod: m[2]!, node });
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sf, visit);
  return [...seen.values()].sort((a, b) => a.pos - b.pos);
}

interface Undo {
  start: number;
  end: number;
  after: string;
  codemod: string;
}

/** The newest journal entry whose emitted text is still in place at this marker. */
function fromJournal(text: string, marker: Marker, journal: readonly JournalEntry[]): Undo | undefined {
  for (let i = journal.length - 1; i >= 0; i--) {
    const e = journal[i]!;
    if (e.codemod !== marker.codemod || e.before === "") continue;
    const offset = e.after.indexOf("// optimigrate: ");
    if (offset < 0) continue;
    const start = marker.pos - offset;
    if (start >= 0 && text.startsWith(e.after, start)) return { start, end: start + e.after.length, after: e.before, codemod: e.codemod };
  }
  return undefined;
}

function isCachedCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== "cached" || node.arguments.length !== 4) return false;
  const [prefix, key, opts, load] = node.arguments;
  return Boolean(
    prefix && ts.isStringLiteral(prefix) && key && ts.isArrayLiteralExpression(key) && opts && ts.isObjectLiteralExpression(opts) &&
      load && ts.isArrowFunction(load) && load.parameters.length === 0 && load.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword),
  );
}

function dedent(text: string, offset: number, unit: string, verbatim: [number, number][]): string | undefined {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    out += ch;
    if (ch !== "\n") continue;
    if (verbatim.some(([s, e]) => offset + i > s && offset + i < e)) continue;
    const next = text[i + 1];
    if (next === "\n" || next === "\r") continue;
    if (!text.startsWith(unit, i + 1)) return undefined;
    i += unit.length;
  }
  return out;
}

/** A cache wrapper still shaped exactly as cache-wrap emits it: the original body (as it is now) without it. */
function unwrapCache(sf: ts.SourceFile, marker: Marker): Undo | { refused: string } {
  const text = sf.text;
  const node = marker.node;
  const edited = { refused: "the cache wrapper was changed after the migration (its shape is no longer the one cache-wrap writes), so it was left as it is" };
  if (ts.isReturnStatement(node)) {
    const block = node.parent;
    const call = node.expression;
    if (!ts.isBlock(block) || block.statements.length !== 1 || !call || !isCachedCall(call)) return edited;
    const load = call.arguments[3] as ts.ArrowFunction;
    // `});`, or `})` in a file written without semicolons
    const semi = text[call.end] === ";" ? 1 : 0;
    if (!ts.isBlock(load.body) || node.end !== call.end + semi) return edited;
    const open = block.getStart(sf);
    const ind = indentAt(text, open);
    const ii = indentAt(text, node.getStart(sf));
    const eol = text.slice(marker.end, marker.end + 2) === "\r\n" ? "\r\n" : "\n";
    if (!ii.startsWith(ind) || ii.length === ind.length) return edited;
    const unit = ii.slice(ind.length);
    if (text.slice(open, node.getStart(sf)) !== `{${eol}${ii}${text.slice(marker.pos, marker.end)}${eol}${ii}`) return edited;
    if (text.slice(load.body.end, block.end) !== `)${semi ? ";" : ""}${eol}${ind}}`) return edited;
    const innerStart = load.body.getStart(sf) + 1;
    const inner = dedent(text.slice(innerStart, load.body.end - 1), innerStart, unit, verbatimRanges(load.body, sf));
    if (inner === undefined) return { refused: "the body inside the cache wrapper was re-indented after the migration, so its original layout is not known; it was left as it is" };
    return { start: open, end: block.end, after: `{${inner}}`, codemod: marker.codemod };
  }
  // an arrow's expression body: `=>` gap, marker, `cached(…, async () => E)`
  if (isCachedCall(node) && ts.isArrowFunction(node.parent) && node.parent.body === node) {
    const arrow = node.parent;
    const load = node.arguments[3] as ts.ArrowFunction;
    if (ts.isBlock(load.body) || text.slice(load.body.end, node.end) !== ")") return edited;
    const start = arrow.equalsGreaterThanToken.end;
    const gap = text.slice(start, marker.pos);
    const between = text.slice(marker.end, node.getStart(sf));
    const lastBreak = gap.lastIndexOf("\n");
    const expected = lastBreak >= 0 ? `${gap[lastBreak - 1] === "\r" ? "\r\n" : "\n"}${gap.slice(lastBreak + 1)}` : undefined;
    if (expected !== undefined ? between !== expected : !/^\r?\n[ \t]*$/.test(between)) return edited;
    return { start, end: node.end, after: `${gap}${load.body.getText(sf)}`, codemod: marker.codemod };
  }
  return edited;
}

/** `import { cached } from "…"` (or the require form) whose names nothing references any more: the text to remove. */
function unusedRuntimeImports(sf: ts.SourceFile): { start: number; end: number }[] {
  const text = sf.text;
  // references that resolve to a module-level declaration (a local `const cached` elsewhere is another binding)
  const used = new Set<ts.Identifier>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && RUNTIME_NAMES.has(n.text) && isReference(n)) {
      const decl = findDeclaration(n);
      if (decl) used.add(decl);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  const eol = /\r\n/.test(text) ? "\r\n" : "\n";
  const out: { start: number; end: number }[] = [];
  sf.statements.forEach((s, i) => {
    let names: (ts.Identifier | undefined)[] | undefined;
    if (ts.isImportDeclaration(s) && s.importClause && !s.importClause.name && s.importClause.namedBindings && ts.isNamedImports(s.importClause.namedBindings)) {
      names = s.importClause.namedBindings.elements.map((e) => (e.propertyName ? undefined : e.name));
    } else if (ts.isVariableStatement(s) && s.declarationList.declarations.length === 1) {
      const d = s.declarationList.declarations[0]!;
      if (ts.isObjectBindingPattern(d.name) && d.initializer && ts.isCallExpression(d.initializer) && ts.isIdentifier(d.initializer.expression) && d.initializer.expression.text === "require") {
        names = d.name.elements.map((e) => (e.propertyName || !ts.isIdentifier(e.name) ? undefined : e.name));
      }
    }
    if (!names?.length || !names.every((n) => n && RUNTIME_NAMES.has(n.text) && !used.has(n))) return;
    const start = s.getStart(sf);
    // the shapes runtimeImportEdit writes: after the previous statement (eol + line), first in a file without
    // imports (line + eol + eol), or above the file's own first import (line + eol)
    if (i > 0 && text.slice(start - eol.length, start) === eol) out.push({ start: start - eol.length, end: s.end });
    else if (i === 0 && text.slice(s.end, s.end + 2 * eol.length) === eol + eol) out.push({ start, end: s.end + 2 * eol.length });
    else if (i === 0 && text.slice(s.end, s.end + eol.length) === eol) out.push({ start, end: s.end + eol.length });
  });
  return out;
}

/**
 * Reverts one file's text. `journal` undefined: there is no journal (only cache wrappers can be put back).
 * `codemods`: only the blocks of these codemods (default: every codemod's).
 */
export function revertText(fileName: string, raw: string, journal: readonly JournalEntry[] | undefined, codemods?: readonly string[]): TextPlan {
  const bom = raw.startsWith(BOM);
  const original = bom ? raw.slice(1) : raw;
  let text = original;
  const edits: Edit[] = [];
  const lineOf = (t: string, pos: number) => t.slice(0, pos).split("\n").length;
  if (!text.includes("// optimigrate: ")) return { edits, skips: [] };
  if (parseErrors(fileName, text) > 0) return { edits, skips: [], error: "syntax error: the file does not parse, so nothing was reverted" };
  let refusals = new Map<number, { marker: Marker; reason: Reason }>();
  let reverted = 0;
  for (let pass = 0; pass < 50; pass++) {
    const sf = parseSource(fileName, text, true).sourceFile;
    const markers = markersOf(sf).filter((m) => !codemods || codemods.includes(m.codemod));
    refusals = new Map();
    const undos: Undo[] = [];
    for (const marker of markers) {
      let undo = journal ? fromJournal(text, marker, journal) : undefined;
      if (!undo && marker.codemod === "cache-wrap") {
        const r = unwrapCache(sf, marker);
        if ("refused" in r) refusals.set(marker.pos, { marker, reason: reason("revert-edited", { detail: r.refused }) });
        else undo = r;
      } else if (!undo) {
        refusals.set(marker.pos, {
          marker,
          reason: journal
            ? reason("revert-edited", { detail: `no journal entry matches this ${marker.codemod} block as it is now (it was edited after the migration, or the journal does not cover it), so it was left as it is` })
            : reason("revert-no-journal", { detail: `there is no .optimigrate/journal.jsonl, and the original of a ${marker.codemod} block can only be known from it; it was left as it is` }),
        });
      }
      if (undo && !undos.some((u) => undo!.start < u.end && u.start < undo!.end)) undos.push(undo);
    }
    // only blocks whose revert keeps the file parseable
    const kept = undos.filter((u) => parseErrors(fileName, applyEdits(text, [u])) === 0);
    if (kept.length === 0) break;
    // edits are reported against the text as read only for the first pass; later passes are nested blocks
    for (const u of kept) edits.push({ codemod: u.codemod, start: u.start, end: u.end, before: text.slice(u.start, u.end), after: u.after, line: lineOf(text, u.start), safety: "safe", reasons: [] });
    text = applyEdits(text, kept);
    reverted += kept.length;
  }
  if (reverted > 0) {
    const sf = parseSource(fileName, text, true).sourceFile;
    const removals = unusedRuntimeImports(sf);
    for (const r of removals) edits.push({ codemod: "import", start: r.start, end: r.end, before: text.slice(r.start, r.end), after: "", line: lineOf(text, r.start), safety: "safe", reasons: [] });
    text = applyEdits(text, removals.map((r) => ({ ...r, after: "" })));
  }
  const skips: Skip[] = [...refusals.values()].map(({ marker, reason: r }) => ({
    codemod: marker.codemod,
    line: lineOf(text, marker.pos),
    code: firstLine(text.slice(marker.node.getStart(), marker.node.end)),
    safety: "unsafe",
    reasons: [r],
  }));
  if (text === original) return { edits: [], skips };
  return { updated: (bom ? BOM : "") + text, edits, skips };
}

export interface PlanRevertOptions {
  root: string;
  paths: string[];
  include?: string[];
  exclude?: string[];
  /** Only the blocks of these codemods (default: all). */
  codemods?: readonly string[];
  /** The journal entries (default: read from `<root>/.optimigrate/journal.jsonl`). */
  journal?: JournalEntry[] | null;
}

export async function planRevert(options: PlanRevertOptions): Promise<MigrationPlan> {
  const files = await discoverFiles({ root: options.root, paths: options.paths, include: options.include, exclude: options.exclude });
  const journal = options.journal === null ? undefined : options.journal ?? (await readJournal(options.root));
  const plans: FilePlan[] = [];
  for (const file of files) {
    const path = displayPath(options.root, file);
    const raw = await readForPlan(file, path);
    if (typeof raw !== "string") {
      if (raw) plans.push(raw);
      continue;
    }
    if (!raw.includes("// optimigrate: ")) continue;
    const planned = revertText(file, raw, journal, options.codemods);
    if (planned.updated !== undefined || planned.skips.length || planned.error) plans.push({ file, path, original: raw, ...planned });
  }
  return { root: options.root, scanned: files.length, files: plans };
}
