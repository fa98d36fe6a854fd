// All findings of one parsed file: api-call, db-query and sequential-await sites, as plain data.
import { ts } from "ts-morph";
import { oneLine } from "../one-line.js";
import type { Finding } from "../findings.js";
import { ValueEvaluator, type Catalog, type EvaluatorOptions } from "./evaluate.js";
import { collectFileFacts, type FileFacts } from "./file-facts.js";
import { findExternalCalls, type ExternalCall } from "./external-calls.js";
import { findSequentialAwaits } from "./sequential-awaits.js";
import { enclosingFunctionName } from "./function-name.js";
import { ignoredLines } from "./ignore-comments.js";
import { classifierFor } from "../analysis/external-calls.js";
import { siteVerdicts } from "../analysis/site-verdict.js";
import type { EffectOptions } from "../analysis/effects.js";
import { analyzeCacheability, candidateName, matchesCacheable, type CacheCandidate, type CacheVerdict, type CacheWrapSettings } from "../analysis/cacheability.js";
import type { PrismaRelations } from "../analysis/prisma-schema.js";
import { isFunctionLike } from "../analysis/scope.js";

export interface DetectOptions {
  /** The file as findings name it (relative to the root, `/` separators). */
  fileLabel: string;
  catalog: Catalog;
  /** Cross-file knowledge: values exported by the project's own modules that this file imports. */
  evaluator?: EvaluatorOptions;
  /** Give sequential-await findings safety/reasons/codemod (default true; migrate runs the codemods' own analysis instead). */
  verdicts?: boolean;
  /** Lets the verdicts follow imports of the project's own functions (src/analysis/import-resolver.ts). */
  resolveImport?: EffectOptions["resolveImport"];
  /** Cacheable names and TTL rules (config `cacheWrap`) for the cache-wrap verdicts of api-call/db-query findings. */
  cacheWrap?: CacheWrapSettings;
  /** The project's Prisma schema, for the models a cached read's relations lead to. */
  prisma?: PrismaRelations;
}

export interface FileDetection {
  findings: Finding[];
  /** Every external call site by node: what the loop analysis asks when it looks for known writes. */
  externalCalls: Map<ts.Node, ExternalCall>;
  facts: FileFacts;
  evaluator: ValueEvaluator;
  /** Per cache-wrap finding, its function's verdict (for the project-wide checks of src/scan/assess.ts). */
  cacheVerdicts: Map<Finding, CacheVerdict>;
}

const MAX_CODE = 160;

export function codeSnippet(node: ts.Node, sourceFile: ts.SourceFile): string {
  let text: string;
  if (ts.isForOfStatement(node)) {
    // A loop is shown by its head, not its body.
    text = sourceFile.text.slice(node.getStart(sourceFile), node.statement.getStart(sourceFile)).trimEnd();
  } else {
    text = node.getText(sourceFile);
  }
  text = oneLine(text);
  return text.length > MAX_CODE ? `${text.slice(0, MAX_CODE - 1)}…` : text;
}

export function position(node: ts.Node, sourceFile: ts.SourceFile): Pick<Finding, "line" | "column" | "endLine" | "endColumn"> {
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

/** The node a call is shown as: `await axios.get(…)` rather than `axios.get(…)`. */
function reportedNode(node: ts.Node): ts.Node {
  let current = node;
  while (current.parent && (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isNonNullExpression(current.parent))) {
    current = current.parent;
  }
  return current.parent && ts.isAwaitExpression(current.parent) ? current.parent : node;
}

export function detectFile(sourceFile: ts.SourceFile, options: DetectOptions): FileDetection {
  const facts = collectFileFacts(sourceFile);
  const evaluator = new ValueEvaluator(facts, options.catalog, options.evaluator);
  const ignored = ignoredLines(sourceFile);
  const findings: Finding[] = [];
  const externalCalls = new Map<ts.Node, ExternalCall>();
  const keep = (finding: Finding): void => {
    if (!ignored.has(finding.line)) findings.push(finding);
  };

  const callFindings: [ts.Node, Finding][] = [];
  const cacheVerdicts = new Map<Finding, CacheVerdict>();
  for (const site of findExternalCalls(facts, evaluator)) {
    externalCalls.set(site.node, { kind: site.kind, library: site.library, operation: site.operation });
    const shown = reportedNode(site.node);
    const fn = enclosingFunctionName(site.node);
    callFindings.push([site.node, {
      kind: site.kind,
      file: options.fileLabel,
      ...position(shown, sourceFile),
      code: codeSnippet(shown, sourceFile),
      library: site.library,
      operation: site.operation,
      ...(fn ? { function: fn } : {}),
    }]);
  }
  // api-call/db-query: the cache-wrap verdict of the function that contains the call (the codemod's own analysis)
  const cacheVerdict = options.verdicts === false ? undefined : cacheVerdictsFor(sourceFile, classifierFor(externalCalls), options, facts);
  for (const [node, finding] of callFindings) {
    let verdict = cacheVerdict?.(node);
    if (verdict?.migrated) continue; // already wrapped by cache-wrap
    if (verdict && !verdict.reads && !verdict.reasons.length) verdict = undefined;
    const shown: Finding = verdict ? { ...finding, safety: verdict.safety, ...(verdict.reasons.length ? { reasons: verdict.reasons.map((r) => r.message) } : {}), codemod: "cache-wrap" } : finding;
    if (verdict) cacheVerdicts.set(shown, verdict);
    keep(shown);
  }

  // safety, reasons and codemod from the analysis the codemods use (src/analysis), so assess and migrate agree
  const verdicts = siteVerdicts(classifierFor(externalCalls), options.resolveImport);
  const awaitsWrite = (awaited: ts.AwaitExpression): boolean => {
    let operand: ts.Node = awaited.expression;
    while (ts.isParenthesizedExpression(operand) || ts.isAsExpression(operand) || ts.isNonNullExpression(operand)) operand = operand.expression;
    return externalCalls.get(operand)?.operation === "write" || externalCalls.get(awaited)?.operation === "write";
  };
  for (const site of findSequentialAwaits(facts, awaitsWrite)) {
    const verdict = options.verdicts === false ? undefined : verdicts.verdictFor(site);
    if (options.verdicts !== false && !verdict) continue; // code a codemod already rewrote
    const fn = enclosingFunctionName(site.node);
    const loopLine = sourceFile.getLineAndCharacterOfPosition(site.loop.getStart(sourceFile)).line + 1;
    keep({
      kind: "sequential-await",
      file: options.fileLabel,
      ...position(site.node, sourceFile),
      code: codeSnippet(site.node, sourceFile),
      ...(fn ? { function: fn } : {}),
      loop: { kind: site.loopKind, line: loopLine },
      ...(verdict ? { safety: verdict.safety, ...(verdict.reasons.length ? { reasons: verdict.reasons } : {}), codemod: verdict.codemod } : {}),
    });
  }

  findings.sort((a, b) => a.line - b.line || a.column - b.column || a.kind.localeCompare(b.kind));
  return { findings, externalCalls, facts, evaluator, cacheVerdicts };
}

/** The verdict of the cacheable-named function a call is in (undefined: it is in no such function). */
function cacheVerdictsFor(sf: ts.SourceFile, classifyCall: ReturnType<typeof classifierFor>, options: DetectOptions, facts: FileFacts): (node: ts.Node) => CacheVerdict | undefined {
  const verdicts = new Map<ts.Node, CacheVerdict>();
  // arrays, not a generator: V8 may allocate generator objects straight in old space, and a dead one there
  // holding the facts kept this file's tree alive through every scavenge until the next full GC
  const writeSites = [facts.writeSites, facts.calls];
  return (node) => {
    // the innermost cacheable-named function around the call (the codemod analyses nested helpers with it)
    let fn: ts.Node | undefined = node.parent;
    while (fn && !(isFunctionLike(fn) && candidateName(fn) && matchesCacheable(candidateName(fn)!, options.cacheWrap?.patterns))) fn = fn.parent;
    if (!fn) return undefined;
    let verdict = verdicts.get(fn);
    if (!verdict) {
      verdict = analyzeCacheability(fn as CacheCandidate, { classifyCall, resolveImport: options.resolveImport, settings: options.cacheWrap, writeSites, calls: facts.calls, fileLabel: options.fileLabel, prisma: options.prisma });
      verdicts.set(fn, verdict);
    }
    return verdict;
  };
}
