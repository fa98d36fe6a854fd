// cache-wrap: the body of a cacheable-named function that does external reads and nothing a cache hit would
// skip becomes `return cached("<prefix>", [every parameter], { ttl }, async () => { …body… });` — declaration,
// signature, export, `this`, overloads and JSDoc untouched (DESIGN §4). The verdicts come from
// src/analysis/cacheability.ts, the same analysis `assess` shows.
import { basename, dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { ts, type SourceFile } from "ts-morph";
import { analyzeCacheability, findCandidates, prefixFor, type CacheCandidate, type CacheVerdict } from "../src/analysis/cacheability.js";
import { reason } from "../src/analysis/reasons.js";
import { siteElsewhere } from "../src/analysis/site-elsewhere.js";
import { CACHE_WRAP_INFO } from "./meta.js";
import { contains, declarationIn, namesOf } from "../src/analysis/scope.js";
import { eolOf, firstLine, indentAt, indentUnit, markerComment, SEMI, verbatimRanges, type Codemod, type CodemodOptions, type CodemodResult, type Edit } from "../src/migrate/codemod.js";
import { importStyle, runtimeImportEdit } from "../src/migrate/imports.js";
import { existingPrefixes } from "../src/migrate/cache-prefixes.js";

export const NAME = CACHE_WRAP_INFO.name;
export const MARKER = markerComment(NAME, "cached");

/** A cache module given as a file path (`src/cache.ts`, `./lib/cache.js`) rather than a package specifier. */
export function isModulePath(spec: string): boolean {
  return spec.startsWith("./") || spec.startsWith("../") || isAbsolute(spec) || /\.(c|m)?[jt]sx?$/.test(spec);
}

/** The specifier `file` imports the cache module by: packages as given, app modules relative, in the file's own style. */
export function cacheModuleSpecifier(spec: string, file: string, sf: ts.SourceFile, root = process.cwd()): string {
  if (!isModulePath(spec)) return spec;
  const target = resolve(root, spec);
  let rel = relative(dirname(file), target).split(sep).join("/");
  if (!rel.startsWith(".")) rel = `./${rel}`;
  const relImports = sf.statements
    .map((s) => (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : undefined))
    .filter((m): m is string => Boolean(m?.startsWith(".")));
  const ext = /\.(c|m)?[jt]sx?$/.exec(rel)?.[0] ?? "";
  const stem = ext ? rel.slice(0, -ext.length) : rel;
  const asJs = ext.replace("ts", "js").replace(/x$/, "");
  if (relImports.some((m) => /\.(c|m)?ts$/.test(m))) return rel; // the project imports .ts files directly
  if (relImports.length && relImports.every((m) => !/\.(c|m)?[jt]sx?$/.test(m))) return stem; // extensionless style
  return ext ? stem + asJs : rel;
}

/** `text` with `unit` added after every line break (not inside strings/templates, not before an empty line). */
function indentLines(text: string, offset: number, unit: string, verbatim: [number, number][]): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    out += ch;
    if (ch !== "\n") continue;
    const pos = offset + i;
    if (verbatim.some(([s, e]) => pos > s && pos < e)) continue;
    const next = text[i + 1];
    // a last line break right before the closing brace gives the closing `});` its indentation
    if (next === "\n" || next === "\r") continue;
    out += unit;
  }
  return out;
}

/** The inverse of indentLines, or undefined when a line does not carry the indentation (edited since). */
export function dedentLines(text: string, offset: number, unit: string, verbatim: [number, number][]): string | undefined {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    out += ch;
    if (ch !== "\n") continue;
    const pos = offset + i;
    if (verbatim.some(([s, e]) => pos > s && pos < e)) continue;
    const next = text[i + 1];
    if (next === "\n" || next === "\r") continue;
    if (!text.startsWith(unit, i + 1)) return undefined;
    i += unit.length;
  }
  return out;
}

function keyText(v: CacheVerdict): string {
  return `[${v.key.elements.join(", ")}]`;
}

/** The prefix in the file's own quotes (its imports'): prefixes are plain names, so no escaping is needed. */
function callText(v: CacheVerdict, prefix: string, quote: string): string {
  return `cached(${quote}${prefix}${quote}, ${keyText(v)}, { ttl: ${v.ttl} }, async () => `;
}

function emit(sf: ts.SourceFile, v: CacheVerdict, prefix: string, eol: string): { start: number; end: number; after: string } {
  const text = sf.text;
  const fn = v.fn;
  const body = fn.body!;
  if (ts.isBlock(body)) {
    const start = body.getStart(sf);
    const ind = indentAt(text, start);
    const unit = indentUnit(text, ind, body.statements[0], sf);
    const ii = ind + unit;
    const inner = text.slice(start + 1, body.end - 1);
    const content = indentLines(inner, start + 1, unit, verbatimRanges(body, sf));
    return { start, end: body.end, after: `{${eol}${ii}${MARKER}${eol}${ii}return ${callText(v, prefix, importStyle(sf).quote)}{${content}})${SEMI}${eol}${ind}}` };
  }
  // an arrow with an expression body: `=> E` becomes `=> // marker` + `cached(…, async () => E)` on the next line
  const arrow = fn as ts.ArrowFunction;
  const start = arrow.equalsGreaterThanToken.end;
  const gap = text.slice(start, body.getStart(sf));
  const ind = indentAt(text, arrow.equalsGreaterThanToken.getStart(sf));
  const unit = indentUnit(text, ind);
  // the gap stays as it was (comments included); the call goes on the next line, at the body's indentation when it had its own line
  const lastBreak = gap.lastIndexOf("\n");
  const lead = lastBreak >= 0 ? `${gap}${MARKER}${gap[lastBreak - 1] === "\r" ? "\r\n" : "\n"}${gap.slice(lastBreak + 1)}` : `${gap}${MARKER}${eol}${ind}${unit}`;
  return { start, end: body.end, after: `${lead}${callText(v, prefix, importStyle(sf).quote)}${body.getText(sf)})` };
}

export function cacheVerdicts(sf: ts.SourceFile, options: Pick<CodemodOptions, "classifyCall" | "resolveImport" | "cacheWrap" | "nonData" | "tableWriters" | "resultChangers" | "pollers" | "readersAfterWrite" | "bundled" | "root" | "prisma">): CacheVerdict[] {
  const candidates = findCandidates(sf, options.cacheWrap?.patterns);
  if (candidates.length === 0) return [];
  // the same questions assess asks once every file is analysed (applyProjectWideChecks in src/scan/assess.ts)
  const own = options.root ? relative(options.root, sf.fileName).split(sep).join("/") : undefined;
  const writers = options.tableWriters;
  const writtenElsewhere = writers ? (table: string) => siteElsewhere(writers, table, own) : undefined;
  const changers = options.resultChangers;
  const changedElsewhere = changers ? (name: string) => siteElsewhere(changers, name, own) : undefined;
  const pollers = options.pollers;
  const polledElsewhere = pollers ? (name: string) => siteElsewhere(pollers, name, own) : undefined;
  const readers = options.readersAfterWrite;
  const readAfterWriteElsewhere = readers ? (name: string) => siteElsewhere(readers, name, own) : undefined;
  return candidates.map((fn) => analyzeCacheability(fn, { classifyCall: options.classifyCall, resolveImport: options.resolveImport, settings: options.cacheWrap, nonData: options.nonData, writtenElsewhere, changedElsewhere, polledElsewhere, readAfterWriteElsewhere, bundledInto: own === undefined ? undefined : options.bundled?.get(own), fileLabel: own, prisma: options.prisma }));
}

/** `src/services/users.ts` → `src/services/users`: what qualifies a prefix another file already uses. */
function fileQualifier(fileName: string, root: string | undefined): string {
  const rel = root ? relative(root, fileName) : basename(fileName);
  return rel.split("\\").join("/").replace(/\.[cm]?[jt]sx?$/, "");
}

/**
 * Prefixes never collide, so two functions never share cache entries: within a file, a class method is
 * qualified by its class, a repeat keeps its verb, then its line; a prefix another file of the run uses
 * (or already used in an earlier migration) is qualified by this file's path.
 */
function uniquePrefixes(sf: ts.SourceFile, verdicts: CacheVerdict[], options: Pick<CodemodOptions, "prefixesTakenElsewhere" | "root">): Map<CacheCandidate, string> {
  const taken = new Set<string>(existingPrefixes(sf.text));
  const elsewhere = options.prefixesTakenElsewhere;
  const out = new Map<CacheCandidate, string>();
  for (const v of verdicts) {
    if (v.migrated) continue;
    const cls = ts.isMethodDeclaration(v.fn) || ts.isPropertyDeclaration(v.fn.parent) ? (ts.isMethodDeclaration(v.fn) ? v.fn.parent : v.fn.parent.parent) : undefined;
    const owner = cls && ts.isClassLike(cls) && cls.name ? `${prefixFor(`x${cls.name.text}`).replace(/^x_?/, "")}.` : "";
    let prefix = `${owner}${v.prefix}`;
    if (elsewhere?.has(prefix)) prefix = `${fileQualifier(sf.fileName, options.root)}.${prefix}`;
    if (taken.has(prefix)) prefix = `${owner}${v.name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase()}`;
    if (taken.has(prefix)) prefix = `${prefix}_${sf.getLineAndCharacterOfPosition(v.fn.getStart(sf)).line + 1}`;
    taken.add(prefix);
    out.set(v.fn, prefix);
  }
  return out;
}

/** Would `cached` in the emitted call name something else: a parameter, or a declaration in a scope around the function that is not our import? */
function cachedTaken(fn: CacheCandidate, spec: string): boolean {
  if (fn.parameters.some((p) => namesOf(p.name).some((id) => id.text === "cached"))) return true;
  for (let n: ts.Node | undefined = fn.parent; n; n = n.parent) {
    const decl = declarationIn(n, "cached");
    if (!decl) continue;
    const p = decl.parent;
    if (ts.isImportSpecifier(p) && !p.propertyName) {
      const d = p.parent.parent.parent;
      return !(ts.isImportDeclaration(d) && ts.isStringLiteral(d.moduleSpecifier) && d.moduleSpecifier.text === spec);
    }
    if (ts.isBindingElement(p) && !p.propertyName) {
      const d = p.parent.parent;
      const init = ts.isVariableDeclaration(d) ? d.initializer : undefined;
      return !(init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === "require" && init.arguments[0] && ts.isStringLiteral(init.arguments[0]) && init.arguments[0].text === spec);
    }
    return true;
  }
  return false;
}

export const cacheWrap: Codemod = {
  ...CACHE_WRAP_INFO,
  transform(sourceFile: SourceFile, options: CodemodOptions): CodemodResult {
    const sf = sourceFile.compilerNode;
    const result: CodemodResult = { edits: [], skips: [] };
    const verdicts = cacheVerdicts(sf, options).filter((v) => v.reads || v.reasons.length);
    if (verdicts.length === 0) return result;
    const eol = eolOf(sf.text);
    const spec = cacheModuleSpecifier(options.cacheModule, sf.fileName, sf, options.root);
    const prefixes = uniquePrefixes(sf, verdicts, options);
    const wrapped: CacheCandidate[] = verdicts.filter((v) => v.migrated).map((v) => v.fn);
    for (const v of verdicts) {
      if (v.migrated) continue;
      // a function inside one that is (being) wrapped is cached with it; a second run must not wrap it either
      if (wrapped.some((outer) => outer !== v.fn && contains(outer, v.fn))) continue;
      const line = sf.getLineAndCharacterOfPosition(v.fn.getStart(sf)).line + 1;
      const code = firstLine(v.fn.getText(sf));
      const taken = v.reads && cachedTaken(v.fn, spec);
      let reasons = v.reasons;
      if (taken && !reasons.length) reasons = [reason("cache-shape", { detail: `\`cached\` already names something else here, so the runtime's \`cached\` from "${spec}" cannot be called under that name` })];
      const accept = v.reads && (reasons.length === 0 || (v.safety === "review" && options.includeReview && !taken));
      if (!accept) {
        result.skips.push({ codemod: NAME, line, code, safety: !v.reads || v.safety === "safe" ? "unsafe" : v.safety, reasons });
        continue;
      }
      const out = emit(sf, v, prefixes.get(v.fn)!, eol);
      const edit: Edit = { codemod: NAME, start: out.start, end: out.end, before: sf.text.slice(out.start, out.end), after: out.after, line, safety: v.safety, reasons: v.reasons };
      result.edits.push(edit);
      wrapped.push(v.fn);
    }
    if (result.edits.length) {
      const importEdit = runtimeImportEdit(sf, spec, ["cached"], NAME, eol);
      if (importEdit) result.edits.push(importEdit);
    }
    return result;
  },
};

export default cacheWrap;
