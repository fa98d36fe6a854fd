// The savings estimate of an assessment under a traffic profile: per site, per loop, totals, what-if and criteria.
import type { Finding, FindingKind, LoopKind, Operation, Safety } from "../findings.js";
import { isTestFile } from "../test-files.js";
import { batchSavings, cacheSavings, fraction, round } from "./arithmetic.js";
import { judge, type CriterionVerdict } from "./criteria.js";
import { isLlmLibrary } from "../llm-libraries.js";
import { prefixForFunction, type Measured } from "./measured.js";
import { DEFAULTS, overridesFor, type Figure, type FigureSource, type Profile, type Spread } from "./profile.js";

export interface Cacheability {
  cacheable: boolean;
  reason: string;
}

/**
 * Only reads can be cached: API/DB reads, and LLM completions (a completion is a read of a model); not a read
 * that cache-wrap refuses outright (its function reads the clock, hands out secrets or one-time values…).
 */
export function cacheability(finding: Pick<Finding, "kind" | "operation" | "library" | "codemod" | "safety" | "reasons">): Cacheability {
  if (finding.kind === "sequential-await") return { cacheable: false, reason: "a loop: batching, not caching" };
  if (finding.codemod === "cache-wrap" && finding.safety === "unsafe") return { cacheable: false, reason: `cache-wrap refuses it: ${finding.reasons?.[0] ?? "unsafe to cache"}` };
  const llm = isLlmLibrary(finding.library);
  if (finding.operation === "read") return { cacheable: true, reason: llm ? "LLM completion (counts as a read)" : "read" };
  if (finding.operation === "write") return { cacheable: false, reason: "write: never cached" };
  if (llm) return { cacheable: true, reason: "LLM completion (counts as a read)" };
  return { cacheable: false, reason: "unknown operation: not counted as a read" };
}

export type SiteFigure = "callsPerDay" | "hitRate" | "latencyMs" | "costPerCall";

export interface SiteEstimate {
  file: string;
  line: number;
  column: number;
  kind: FindingKind;
  function?: string;
  library?: string;
  operation: Operation;
  code: string;
  cacheable: boolean;
  reason: string;
  /** The loop the call sits in, when the detector saw one. */
  loop?: { kind: LoopKind; line: number };
  /** The runtime cache prefix whose stats were used, when `--stats` had one for this function. */
  prefix?: string;
  callsPerDay: number;
  hitRate: number;
  latencyMs: number;
  costPerCall: number;
  callsSaved: number;
  timeSavedMs: number;
  costSavedUsd: number;
  /** Where each figure came from (see FigureSource). */
  figures: Record<SiteFigure, FigureSource>;
}

export interface LoopEstimate {
  file: string;
  /** The loop's line (the first await's line for a waterfall). */
  line: number;
  kind: "sequential-await";
  loopKind: LoopKind | "unknown";
  function?: string;
  /** Awaits that wait in line: per iteration of a loop, or in the whole waterfall. */
  awaits: number;
  /** Iterations of one run; for a waterfall, the number of awaits. */
  iterations: number;
  /** Latency of one iteration: the sum of its awaits' latencies. */
  latencyMs: number;
  batchSize: number;
  batches: number;
  sequentialMs: number;
  batchedMs: number;
  savedMs: number;
  speedup: number;
  runsPerDay: number;
  timeSavedMsPerDay: number;
  safety?: Safety;
  /** false when no codemod would rewrite it (safety "unsafe", while/do, for await); its savings are not counted. */
  batchable: boolean;
  reasons?: string[];
  figures: { iterations: FigureSource; latencyMs: FigureSource; runsPerDay: FigureSource };
}

export interface FunctionEstimate {
  file: string;
  function?: string;
  sites: number;
  callsPerDay: number;
  callsSaved: number;
  timeSavedMs: number;
  costSavedUsd: number;
}

export interface EstimateTotals {
  /** Calls per day made by the assessed sites (all of them, writes included). */
  callsPerDay: number;
  callsSaved: number;
  timeSavedMs: number;
  costSavedUsd: number;
  /** Wall-clock time that batching the loops saves per day. */
  batchTimeSavedMs: number;
  cacheableCallsPerDay: number;
  /** Dollars per day spent on the calls of the assessed sites. */
  costPerDayUsd: number;
  /** Total calls/day given that no site took (no site to spread over, or per-site figures exceeded it). */
  unassignedCallsPerDay: number;
  /** calls saved / cacheable calls: the hit rate the estimate amounts to. */
  hitRate: number | null;
  /** calls saved / all calls. */
  apiCallReduction: number | null;
  /** dollars saved / dollars spent. */
  costReduction: number | null;
  sites: { cacheable: number; notCacheable: number; loops: number; batchableLoops: number };
}

export interface WhatIfRow {
  hitRate: number;
  callsSaved: number;
  timeSavedMs: number;
  costSavedUsd: number;
  apiCallReduction: number | null;
  costReduction: number | null;
}

export interface EstimateCriterion extends CriterionVerdict {
  expected: number | null;
}

export interface Estimate {
  assumptions: {
    callsPerDay: number;
    latencyMs: number;
    hitRate: number;
    costPerCall: number;
    batchSize: number;
    loopSize: number;
    spread: Spread;
    sources: Record<"callsPerDay" | "latencyMs" | "hitRate" | "costPerCall" | "batchSize" | "loopSize", FigureSource>;
    overrides: number;
    notes: string[];
  };
  totals: EstimateTotals;
  sites: SiteEstimate[];
  loops: LoopEstimate[];
  functions: FunctionEstimate[];
  whatIf: WhatIfRow[];
  criteria: EstimateCriterion[];
}

export const WHAT_IF_HIT_RATES = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] as const;

interface WorkingSite {
  finding: Finding;
  cacheability: Cacheability;
  prefix?: string;
  callsPerDay?: Figure;
  hitRate: Figure;
  latencyMs: Figure;
  costPerCall: Figure;
}

/**
 * `sitesOfPrefix`: how many call sites share the site's measured prefix. A load is one call of the cached
 * function, so its measured latency covers all of them; each gets an equal part, so time adds up to it.
 */
function siteFigures(finding: Finding, profile: Profile, measured: Measured | undefined, sitesOfPrefix: (prefix: string) => number): WorkingSite {
  const over = overridesFor(profile.overrides, finding);
  const prefix = prefixForFunction(finding.function, measured);
  const measuredOr = (value: number | null | undefined, fallback: Figure, overridden?: number): Figure =>
    value !== null && value !== undefined ? { value, source: "measured" } : overridden !== undefined ? { value: overridden, source: "override" } : fallback;
  let callsPerDay: Figure | undefined;
  if (prefix?.requestsPerDay !== null && prefix?.requestsPerDay !== undefined) callsPerDay = { value: prefix.requestsPerDay, source: "measured" };
  else if (over.callsPerDay !== undefined) callsPerDay = { value: over.callsPerDay, source: "override" };
  return {
    finding,
    cacheability: cacheability(finding),
    ...(prefix ? { prefix: prefix.prefix } : {}),
    callsPerDay,
    hitRate: measuredOr(prefix?.hitRate, profile.hitRate, over.hitRate),
    latencyMs: measuredOr(prefix && prefix.loadLatencyMs !== null ? prefix.loadLatencyMs / sitesOfPrefix(prefix.prefix) : null, profile.latencyMs, over.latencyMs),
    costPerCall: over.costPerCall !== undefined ? { value: over.costPerCall, source: "override" } : profile.costPerCall,
  };
}

function loopKey(f: Finding): string {
  return `${f.file}\0${f.loop?.line ?? f.line}`;
}

/** Loops the batching codemods never rewrite, whatever the analysis says (DESIGN §4). */
const SEQUENTIAL_LOOP_KINDS: Partial<Record<LoopKind, string>> = {
  while: "while loops are not rewritten by batch-loops",
  do: "do…while loops are not rewritten by batch-loops",
  "for-await": "for await over an async iterator stays sequential",
};

function estimateLoops(findings: Finding[], sites: SiteEstimate[], profile: Profile): LoopEstimate[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.kind !== "sequential-await") continue;
    const key = f.loop?.kind === "waterfall" ? `${f.file}\0w${f.loop.line}` : loopKey(f);
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  const sitesByFile = new Map<string, SiteEstimate[]>();
  for (const site of sites) {
    const list = sitesByFile.get(site.file);
    if (list) list.push(site);
    else sitesByFile.set(site.file, [site]);
  }
  const loops: LoopEstimate[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const loopLine = first.loop?.line ?? first.line;
    const loopKind = first.loop?.kind ?? "unknown";
    const waterfall = loopKind === "waterfall";
    const fileSites = sitesByFile.get(first.file) ?? [];
    // A waterfall's findings are the awaits after the first, which sits on the waterfall's own line.
    const awaitLines = waterfall ? [loopLine, ...group.map((f) => f.line)] : group.map((f) => f.line);
    const awaited = awaitLines.map((line, i) => ({ line, site: fileSites.find((s) => s.line === line), finding: waterfall ? group[i - 1] : group[i] }));
    let latencySource: FigureSource = profile.latencyMs.source;
    const latencies = awaited.map(({ site, finding }) => {
      if (site) {
        if (site.figures.latencyMs !== profile.latencyMs.source) latencySource = site.figures.latencyMs;
        return site.latencyMs;
      }
      const over = finding ? overridesFor(profile.overrides, finding) : {};
      if (over.latencyMs !== undefined) {
        latencySource = "override";
        return over.latencyMs;
      }
      return profile.latencyMs.value;
    });
    const over = group.reduce((acc, f) => ({ ...acc, ...overridesFor(profile.overrides, f) }), {} as ReturnType<typeof overridesFor>);
    const latencyMs = latencies.reduce((a, b) => a + b, 0);
    let iterations: Figure;
    let result: ReturnType<typeof batchSavings>;
    if (waterfall) {
      // Consecutive independent awaits: in line they take the sum, together the slowest of them.
      iterations = { value: awaited.length, source: "derived" };
      const batchedMs = Math.max(...latencies);
      result = { batches: 1, sequentialMs: latencyMs, batchedMs, savedMs: latencyMs - batchedMs, speedup: batchedMs > 0 ? latencyMs / batchedMs : 1 };
    } else {
      iterations = over.loopSize !== undefined ? { value: over.loopSize, source: "override" } : profile.loopSize;
      result = batchSavings({ iterations: iterations.value, latencyMs, batchSize: profile.batchSize.value });
    }
    let runsPerDay: Figure;
    const busiest = Math.max(0, ...awaited.map((a) => a.site?.callsPerDay ?? 0));
    if (over.runsPerDay !== undefined) runsPerDay = { value: over.runsPerDay, source: "override" };
    else if (busiest > 0 && iterations.value > 0) runsPerDay = { value: busiest / (waterfall ? 1 : iterations.value), source: "derived" };
    else runsPerDay = { value: DEFAULTS.runsPerDay, source: "default" };
    const kindReason = SEQUENTIAL_LOOP_KINDS[loopKind as LoopKind];
    const batchable = first.safety !== "unsafe" && kindReason === undefined;
    const reasons = first.safety === "unsafe" ? (first.reasons?.length ? first.reasons : ["judged unsafe to batch"]) : kindReason ? [kindReason] : first.reasons?.length ? first.reasons : undefined;
    loops.push({
      file: first.file,
      line: loopLine,
      kind: "sequential-await",
      loopKind,
      ...(first.function !== undefined ? { function: first.function } : {}),
      awaits: awaited.length,
      iterations: iterations.value,
      latencyMs,
      batchSize: waterfall ? awaited.length : profile.batchSize.value,
      ...result,
      runsPerDay: runsPerDay.value,
      timeSavedMsPerDay: batchable ? result.savedMs * runsPerDay.value : 0,
      ...(first.safety !== undefined ? { safety: first.safety } : {}),
      batchable,
      ...(reasons ? { reasons } : {}),
      figures: { iterations: iterations.source, latencyMs: latencySource, runsPerDay: runsPerDay.source },
    });
  }
  return loops.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

function cacheTotals(sites: readonly SiteEstimate[], hitRateFor: (s: SiteEstimate) => number) {
  let callsPerDay = 0, cacheableCallsPerDay = 0, callsSaved = 0, timeSavedMs = 0, costSavedUsd = 0, costPerDayUsd = 0;
  for (const s of sites) {
    callsPerDay += s.callsPerDay;
    costPerDayUsd += s.callsPerDay * s.costPerCall;
    if (!s.cacheable) continue;
    cacheableCallsPerDay += s.callsPerDay;
    const saved = cacheSavings({ callsPerDay: s.callsPerDay, hitRate: hitRateFor(s), latencyMs: s.latencyMs, costPerCall: s.costPerCall });
    callsSaved += saved.callsSaved;
    timeSavedMs += saved.timeSavedMs;
    costSavedUsd += saved.costSavedUsd;
  }
  return { callsPerDay, cacheableCallsPerDay, callsSaved, timeSavedMs, costSavedUsd, costPerDayUsd };
}

const SITE_ORDER = (a: { file: string; line: number; column?: number }, b: { file: string; line: number; column?: number }) =>
  a.file.localeCompare(b.file) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0);

/**
 * The estimate. Calls/day per site: the site's measured prefix traffic, else an override's figure,
 * else an even share of what is left of the total after those, over the sites of the spread.
 */
export function estimateSavings(allFindings: readonly Finding[], profile: Profile, measured?: Measured): Estimate {
  const notes: string[] = [];
  // tests send no production traffic: their calls and loops save nothing a tech lead can count
  const findings = allFindings.filter((f) => !isTestFile(f.file));
  const inTests = allFindings.length - findings.length;
  if (inTests > 0) notes.push(`${fmt(inTests)} finding${inTests === 1 ? "" : "s"} in test files ${inTests === 1 ? "is" : "are"} left out: tests send no production traffic`);
  const calls = findings.filter((f) => f.kind !== "sequential-await");
  const prefixSites = new Map<string, number>();
  for (const f of calls) {
    const p = prefixForFunction(f.function, measured)?.prefix;
    if (p !== undefined && cacheability(f).cacheable) prefixSites.set(p, (prefixSites.get(p) ?? 0) + 1);
  }
  const working = calls.map((f) => siteFigures(f, profile, measured, (p) => Math.max(1, prefixSites.get(p) ?? 1)));
  if ([...prefixSites.values()].some((n) => n > 1)) {
    notes.push("where several call sites share one measured cache prefix, its measured load latency is split evenly between them");
  }
  const inSpread = (w: WorkingSite) => profile.spread === "all" || w.cacheability.cacheable;
  const explicit = working.reduce((sum, w) => sum + (w.callsPerDay?.value ?? 0), 0);
  const sharers = working.filter((w) => !w.callsPerDay && inSpread(w));
  const remainder = Math.max(0, profile.callsPerDay.value - explicit);
  const share = sharers.length > 0 ? remainder / sharers.length : 0;
  const unassigned = sharers.length > 0 ? 0 : remainder;
  if (sharers.length > 0) {
    notes.push(
      `${fmt(remainder)} calls/day ${explicit > 0 ? "(the total less the per-site figures) " : ""}split evenly over ${sharers.length} ${profile.spread === "all" ? "API call and DB query" : "cacheable read"} site${sharers.length === 1 ? "" : "s"}: ${fmt(share)} each`,
    );
  } else if (remainder > 0) {
    notes.push(`${fmt(remainder)} calls/day not assigned: no ${profile.spread === "all" ? "call" : "cacheable read"} site without its own figure to spread them over`);
  }
  if (explicit > profile.callsPerDay.value) {
    notes.push(`the per-site figures (measured or configured) add up to ${fmt(explicit)} calls/day, more than the ${fmt(profile.callsPerDay.value)} given as the total`);
  }
  if (profile.spread === "cacheable" && working.some((w) => !w.cacheability.cacheable && !w.callsPerDay)) {
    notes.push("writes and unknown operations get no share of the calls/day (spread: cacheable); use --spread all to count them");
  }

  const sites: SiteEstimate[] = working.map((w) => {
    const callsPerDay: Figure = w.callsPerDay ?? (inSpread(w) ? { value: share, source: "split" } : { value: 0, source: "none" });
    const saved = w.cacheability.cacheable
      ? cacheSavings({ callsPerDay: callsPerDay.value, hitRate: w.hitRate.value, latencyMs: w.latencyMs.value, costPerCall: w.costPerCall.value })
      : { callsSaved: 0, timeSavedMs: 0, costSavedUsd: 0 };
    const f = w.finding;
    return {
      file: f.file,
      line: f.line,
      column: f.column,
      kind: f.kind,
      ...(f.function !== undefined ? { function: f.function } : {}),
      ...(f.library !== undefined ? { library: f.library } : {}),
      operation: f.operation ?? "unknown",
      code: f.code,
      cacheable: w.cacheability.cacheable,
      reason: w.cacheability.reason,
      ...(f.loop !== undefined ? { loop: f.loop } : {}),
      ...(w.prefix !== undefined ? { prefix: w.prefix } : {}),
      callsPerDay: callsPerDay.value,
      hitRate: w.hitRate.value,
      latencyMs: w.latencyMs.value,
      costPerCall: w.costPerCall.value,
      ...saved,
      figures: { callsPerDay: callsPerDay.source, hitRate: w.hitRate.source, latencyMs: w.latencyMs.source, costPerCall: w.costPerCall.source },
    };
  });
  sites.sort(SITE_ORDER);

  const loops = estimateLoops([...findings], sites, profile);
  if (loops.some((l) => l.figures.runsPerDay === "default")) {
    notes.push(`loops with no traffic figure are assumed to run ${DEFAULTS.runsPerDay} time a day (set runsPerDay in estimate.overrides)`);
  }
  if (loops.some((l) => !l.batchable)) notes.push("loops the batching codemods would not rewrite are listed, but their savings are not counted");
  if (loops.length > 0 && sites.some((s) => s.cacheable && loops.some((l) => l.file === s.file && l.line <= s.line))) {
    notes.push("batching savings assume every iteration waits for a real call; cache hits inside a batched loop overlap with them");
  }

  const t = cacheTotals(sites, (s) => s.hitRate);
  const batchTimeSavedMs = loops.reduce((sum, l) => sum + l.timeSavedMsPerDay, 0);
  const totals: EstimateTotals = {
    callsPerDay: t.callsPerDay,
    callsSaved: t.callsSaved,
    timeSavedMs: t.timeSavedMs,
    costSavedUsd: t.costSavedUsd,
    batchTimeSavedMs,
    cacheableCallsPerDay: t.cacheableCallsPerDay,
    costPerDayUsd: t.costPerDayUsd,
    unassignedCallsPerDay: unassigned,
    hitRate: fraction(t.callsSaved, t.cacheableCallsPerDay),
    apiCallReduction: fraction(t.callsSaved, t.callsPerDay),
    costReduction: fraction(t.costSavedUsd, t.costPerDayUsd),
    sites: {
      cacheable: sites.filter((s) => s.cacheable).length,
      notCacheable: sites.filter((s) => !s.cacheable).length,
      loops: loops.length,
      batchableLoops: loops.filter((l) => l.batchable).length,
    },
  };

  const whatIf: WhatIfRow[] = WHAT_IF_HIT_RATES.map((hitRate) => {
    const w = cacheTotals(sites, () => hitRate);
    return {
      hitRate,
      callsSaved: w.callsSaved,
      timeSavedMs: w.timeSavedMs,
      costSavedUsd: w.costSavedUsd,
      apiCallReduction: fraction(w.callsSaved, w.callsPerDay),
      costReduction: fraction(w.costSavedUsd, w.costPerDayUsd),
    };
  });

  const noCalls = "no calls per day on any cacheable site";
  const criteria: EstimateCriterion[] = [
    { ...judge("hit-rate", totals.hitRate, noCalls), expected: totals.hitRate },
    { ...judge("api-call-reduction", totals.apiCallReduction, "no calls per day on any site"), expected: totals.apiCallReduction },
    { ...judge("cost-reduction", totals.costReduction, "no cost: every call costs $0"), expected: totals.costReduction },
  ];

  const functions = byFunction(sites);
  return roundEstimate({
    assumptions: {
      callsPerDay: profile.callsPerDay.value,
      latencyMs: profile.latencyMs.value,
      hitRate: profile.hitRate.value,
      costPerCall: profile.costPerCall.value,
      batchSize: profile.batchSize.value,
      loopSize: profile.loopSize.value,
      spread: profile.spread,
      sources: {
        callsPerDay: profile.callsPerDay.source,
        latencyMs: profile.latencyMs.source,
        hitRate: profile.hitRate.source,
        costPerCall: profile.costPerCall.source,
        batchSize: profile.batchSize.source,
        loopSize: profile.loopSize.source,
      },
      overrides: profile.overrides.length,
      notes,
    },
    totals,
    sites,
    loops,
    functions,
    whatIf,
    criteria,
  });
}

function byFunction(sites: readonly SiteEstimate[]): FunctionEstimate[] {
  const map = new Map<string, FunctionEstimate>();
  for (const s of sites) {
    const key = `${s.file}\0${s.function ?? ""}`;
    let entry = map.get(key);
    if (!entry) {
      entry = { file: s.file, ...(s.function !== undefined ? { function: s.function } : {}), sites: 0, callsPerDay: 0, callsSaved: 0, timeSavedMs: 0, costSavedUsd: 0 };
      map.set(key, entry);
    }
    entry.sites++;
    entry.callsPerDay += s.callsPerDay;
    entry.callsSaved += s.callsSaved;
    entry.timeSavedMs += s.timeSavedMs;
    entry.costSavedUsd += s.costSavedUsd;
  }
  return [...map.values()].sort((a, b) => b.costSavedUsd - a.costSavedUsd || b.timeSavedMs - a.timeSavedMs || a.file.localeCompare(b.file));
}

function fmt(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString("en-US") : n.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

/** Calls to 3 decimals, milliseconds to 3, dollars to 6, fractions to 6: exact enough, free of float noise. */
function roundEstimate(e: Estimate): Estimate {
  const money = (n: number) => round(n, 6);
  const calls = (n: number) => round(n, 3);
  const ms = (n: number) => round(n, 3);
  const frac = (n: number | null) => (n === null ? null : round(n, 6));
  for (const s of e.sites) {
    s.callsPerDay = calls(s.callsPerDay);
    s.callsSaved = calls(s.callsSaved);
    s.timeSavedMs = ms(s.timeSavedMs);
    s.costSavedUsd = money(s.costSavedUsd);
    s.hitRate = round(s.hitRate, 6);
    s.latencyMs = ms(s.latencyMs);
  }
  for (const l of e.loops) {
    l.latencyMs = ms(l.latencyMs);
    l.sequentialMs = ms(l.sequentialMs);
    l.batchedMs = ms(l.batchedMs);
    l.savedMs = ms(l.savedMs);
    l.speedup = round(l.speedup, 3);
    l.runsPerDay = round(l.runsPerDay, 3);
    l.timeSavedMsPerDay = ms(l.timeSavedMsPerDay);
  }
  for (const f of e.functions) {
    f.callsPerDay = calls(f.callsPerDay);
    f.callsSaved = calls(f.callsSaved);
    f.timeSavedMs = ms(f.timeSavedMs);
    f.costSavedUsd = money(f.costSavedUsd);
  }
  for (const w of e.whatIf) {
    w.callsSaved = calls(w.callsSaved);
    w.timeSavedMs = ms(w.timeSavedMs);
    w.costSavedUsd = money(w.costSavedUsd);
    w.apiCallReduction = frac(w.apiCallReduction);
    w.costReduction = frac(w.costReduction);
  }
  const t = e.totals;
  t.callsPerDay = calls(t.callsPerDay);
  t.callsSaved = calls(t.callsSaved);
  t.timeSavedMs = ms(t.timeSavedMs);
  t.costSavedUsd = money(t.costSavedUsd);
  t.batchTimeSavedMs = ms(t.batchTimeSavedMs);
  t.cacheableCallsPerDay = calls(t.cacheableCallsPerDay);
  t.costPerDayUsd = money(t.costPerDayUsd);
  t.unassignedCallsPerDay = calls(t.unassignedCallsPerDay);
  t.hitRate = frac(t.hitRate);
  t.apiCallReduction = frac(t.apiCallReduction);
  t.costReduction = frac(t.costReduction);
  for (const c of e.criteria) c.expected = frac(c.expected);
  return e;
}
