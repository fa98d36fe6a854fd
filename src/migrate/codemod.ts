// What a codemod is (DESIGN §4) and the text helpers codemods share: edits are plain ranges over the
// original text, collected first and applied by the engine in one pass.
import { ts, type SourceFile } from "ts-morph";
import type { Safety } from "../findings.js";
import type { CallClassifier } from "../analysis/external-calls.js";
import type { EffectOptions } from "../analysis/effects.js";
import type { Reason } from "../analysis/reasons.js";
import { parseSource } from "../scan/parse.js";

export type BatchStyle = "slices" | "pool";

export interface CodemodOptions {
  batchSize: number;
  batchStyle: BatchStyle;
  /** Module the emitted code imports runtime helpers from (`optimigrate/runtime`). */
  cacheModule: string;
  includeReview: boolean;
  classifyCall?: CallClassifier;
  /** Follows imports of the project's own functions (see src/analysis/import-resolver.ts). */
  resolveImport?: EffectOptions["resolveImport"];
  /** Type answer for "is this an array?" (only asked where the syntax cannot tell). */
  isArray?: (expression: ts.Expression) => boolean | undefined;
  /** Type answer: why this node's values are not plain data (null: they are; undefined: unknown). See type-info.ts. */
  nonData?: (node: ts.Node) => string | null | undefined;
  /** cache-wrap: cacheable name patterns and TTL rules (config section `cacheWrap`). */
  cacheWrap?: import("../analysis/cacheability.js").CacheWrapSettings;
  /** Directory a cacheModule given as a path (`src/cache.ts`) is relative to (the migrated root). */
  root?: string;
  /** Type answer: could this value be a promise or other thenable? (undefined: unknown) */
  mayBeThenable?: (expression: ts.Expression) => boolean | undefined;
  /**
   * Cache prefixes other files of the run already use (cached("user", …) in production, or claimed by an
   * earlier file of this run): a new wrapper must not share their entries, so it qualifies its prefix.
   */
  prefixesTakenElsewhere?: ReadonlySet<string>;
  /** Where the run's files write each table (path relative to `root`, line): a cached read of one another file writes needs review. */
  tableWriters?: ReadonlyMap<string, readonly import("../analysis/cacheability.js").TableWriter[]>;
  /** Where the run's files change the result of a call by each cacheable name: a function by that name elsewhere stays unwrapped. */
  resultChangers?: ReadonlyMap<string, readonly import("../analysis/cache-result-changed.js").ResultChangeSite[]>;
  /** Where the run's files poll a call by each cacheable name (a loop that pauses, setInterval): a function by that name elsewhere stays unwrapped. */
  pollers?: ReadonlyMap<string, readonly import("../analysis/cache-polled.js").PollingSite[]>;
  /** Where the run's files call each cacheable name right after a write about the same thing: a function by that name elsewhere stays unwrapped. */
  readersAfterWrite?: ReadonlyMap<string, readonly import("../analysis/site-elsewhere.js").ReadAfterWriteSite[]>;
  /** Per file (from the root) that front-end or Edge code of the run bundles: why (src/scan/client-importers.ts). */
  bundled?: ReadonlyMap<string, import("../scan/client-importers.js").BundleVerdict>;
  /** The project's Prisma schema: the models a cached read's relations lead to, which another file may write. */
  prisma?: import("../analysis/prisma-schema.js").PrismaRelations;
}

export interface Edit {
  codemod: string;
  /** Range in the original text. */
  start: number;
  end: number;
  /** The original text of the range and what replaces it (a pure insertion has start === end). */
  before: string;
  after: string;
  /** 1-based line of the rewritten code in the original file. */
  line: number;
  safety: Safety;
  /** Review reasons accepted with --include-review. */
  reasons: Reason[];
}

export interface Skip {
  codemod: string;
  line: number;
  /** The first line of the code that was left alone. */
  code: string;
  safety: Safety;
  reasons: Reason[];
}

export interface CodemodResult {
  edits: Edit[];
  skips: Skip[];
}

export interface Codemod {
  name: string;
  description: string;
  /** What a rewrite by this codemod can change, in the user's words: shown by `migrate --help` and the README. */
  canBreak: string;
  transform(sourceFile: SourceFile, options: CodemodOptions): CodemodResult;
  /** A cheap test on the text: false means the codemod has nothing to do in this file. */
  quickCheck?(text: string): boolean;
}

/** First line of every block a codemod emits: what made it, so that `--revert` and a second run can find it. */
/**
 * Ends a statement a codemod writes: a `;`, or nothing in a file written without semicolons. The choice is made
 * once per file when the edits are planned (`withFileSemicolons`); code copied from the file keeps its own.
 */
export const SEMI = "\uE000";

export function withFileSemicolons(text: string, semicolons: boolean): string {
  return text.includes(SEMI) ? text.replaceAll(SEMI, semicolons ? ";" : "") : text;
}

export function markerComment(codemod: string, what: string): string {
  return `// optimigrate: ${what} (${codemod})`;
}

export function hasMarker(node: ts.Node, sourceFile: ts.SourceFile): boolean {
  const comments = ts.getLeadingCommentRanges(sourceFile.text, node.pos) ?? [];
  return comments.some((c) => sourceFile.text.slice(c.pos, c.end).startsWith("// optimigrate: "));
}

export function lineStart(text: string, pos: number): number {
  return text.lastIndexOf("\n", pos - 1) + 1;
}

/** The whitespace that starts the line `pos` is on. */
export function indentAt(text: string, pos: number): string {
  const start = lineStart(text, pos);
  return /^[ \t]*/.exec(text.slice(start, pos))![0];
}

/** One level of indentation as this file writes it: from a body statement under `outer`, else the file's usual step. */
export function indentUnit(text: string, outerIndent: string, inner?: ts.Node, sourceFile?: ts.SourceFile): string {
  if (inner && sourceFile) {
    const innerIndent = indentAt(text, inner.getStart(sourceFile));
    if (innerIndent.startsWith(outerIndent) && innerIndent.length > outerIndent.length) return innerIndent.slice(outerIndent.length);
  }
  return outerIndent.startsWith("\t") ? "\t" : " ".repeat(spacesPerLevel(text));
}

/** The step by which the file's lines indent deeper most often (2 when it cannot tell). */
export function spacesPerLevel(text: string): number {
  const steps = new Map<number, number>();
  let previous = 0;
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const width = /^ */.exec(line)![0].length;
    const step = width - previous;
    if (step >= 2 && step <= 8) steps.set(step, (steps.get(step) ?? 0) + 1);
    previous = width;
  }
  let best = 2;
  for (const [step, count] of steps) if (count > (steps.get(best) ?? 0)) best = step;
  return best;
}

export function eolOf(text: string): string {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  return crlf > lf ? "\r\n" : "\n";
}

/** Ranges whose text must not gain indentation: template literal and string contents, JSX text. */
export function verbatimRanges(root: ts.Node, sourceFile: ts.SourceFile): [number, number][] {
  const ranges: [number, number][] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n) || ts.isStringLiteral(n) || ts.isJsxText(n)) {
      ranges.push([n.getStart(sourceFile), n.end]);
    }
    ts.forEachChild(n, visit);
  };
  visit(root);
  return ranges;
}

export interface Replacement {
  start: number;
  end: number;
  text: string;
}

/**
 * The text of [start, end) with `replacements` applied and `extraIndent` added after every line break
 * (except inside strings/templates, and not on blank lines), line breaks written as `eol`.
 */
export function rewriteRange(sourceFile: ts.SourceFile, start: number, end: number, replacements: Replacement[], extraIndent: string, eol: string, root?: ts.Node): string {
  const text = sourceFile.text;
  const verbatim = verbatimRanges(root ?? sourceFile, sourceFile).filter(([s, e]) => e > start && s < end);
  const inVerbatim = (pos: number) => verbatim.some(([s, e]) => pos > s && pos < e);
  const sorted = [...replacements].sort((a, b) => a.start - b.start);
  let out = "";
  let pos = start;
  const copy = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const ch = text[i]!;
      if (ch === "\r" && text[i + 1] === "\n") continue;
      if (ch === "\n") {
        if (inVerbatim(i)) {
          out += text[i - 1] === "\r" ? "\r\n" : "\n";
          continue;
        }
        out += eol;
        const next = text[i + 1];
        if (extraIndent && next !== "\n" && next !== "\r" && i + 1 < end) out += extraIndent;
        continue;
      }
      out += ch;
    }
  };
  for (const r of sorted) {
    copy(pos, r.start);
    out += r.text;
    pos = r.end;
  }
  copy(pos, end);
  return out;
}

/** Every identifier name in the file: new names must avoid all of them. */
export function usedNames(root: ts.Node): Set<string> {
  const names = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n)) names.add(n.text);
    ts.forEachChild(n, visit);
  };
  visit(root);
  return names;
}

export function freshName(taken: Set<string>, base: string): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  taken.add(name);
  return name;
}

export function parseErrors(fileName: string, text: string): number {
  return parseSource(fileName, text).syntaxErrors.length;
}

export function isTypeScriptFile(fileName: string): boolean {
  return /\.[cm]?tsx?$/i.test(fileName);
}

/** Applies non-overlapping edits to `text` (sorted by the caller or not). */
export function applyEdits(text: string, edits: readonly { start: number; end: number; after: string }[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.after + out.slice(e.end);
  return out;
}

export function firstLine(text: string): string {
  const line = text.trimStart().split(/\r?\n/)[0] ?? "";
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

