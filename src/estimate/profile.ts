// The traffic profile an estimate rests on: defaults, the `estimate` config section, flags, and where each figure came from.
import { FINDING_KINDS, type Finding, type FindingKind, type Operation } from "../findings.js";
import picomatch from "picomatch";

/**
 * Where a figure came from, so that nobody mistakes an assumption for a measurement:
 * - `measured`: the runtime stats of this site's cache prefix (`--stats`);
 * - `measured-total`: the runtime stats over all prefixes;
 * - `override`: a matching rule in `estimate.overrides`;
 * - `flag`: a command-line flag; `config`: the `estimate` config section; `default`: the built-in default;
 * - `split`: an even share of the total calls/day (see `spread`);
 * - `derived`: computed from other figures (loop runs/day = calls/day of the loop's call / iterations);
 * - `none`: not assigned any traffic (a site outside the spread).
 */
export type FigureSource =
  | "measured"
  | "measured-total"
  | "override"
  | "flag"
  | "config"
  | "default"
  | "split"
  | "derived"
  | "none";

export interface Figure {
  value: number;
  source: FigureSource;
}

/**
 * How the total calls/day is shared among call sites that have no figure of their own:
 * `cacheable` (default): evenly among cacheable read sites, the calls a cache can save;
 * `all`: evenly among every API call and DB query site, writes included (they save nothing, so the
 * reductions come out lower and closer to a whole-application view).
 */
export const SPREADS = ["cacheable", "all"] as const;
export type Spread = (typeof SPREADS)[number];

export const DEFAULTS = {
  /** The guide's worked example. */
  callsPerDay: 10_000,
  latencyMs: 100,
  hitRate: 0.7,
  costPerCall: 0.002,
  batchSize: 10,
  loopSize: 20,
  /** How often a loop runs when nothing else says so. */
  runsPerDay: 1,
  spread: "cacheable" as Spread,
};

export const OVERRIDE_MATCHERS = ["kind", "library", "operation", "file", "function"] as const;
export const OVERRIDE_FIGURES = ["callsPerDay", "latencyMs", "hitRate", "costPerCall", "loopSize", "runsPerDay"] as const;
export type OverrideFigure = (typeof OVERRIDE_FIGURES)[number];

/**
 * One rule of `estimate.overrides`: every matcher given must match the finding (`file` is a glob on its
 * path); every figure given replaces the global one for that site. Rules apply in order, later ones win.
 */
export interface EstimateOverride {
  kind?: FindingKind;
  library?: string;
  operation?: Operation;
  file?: string;
  function?: string;
  callsPerDay?: number;
  latencyMs?: number;
  hitRate?: number;
  costPerCall?: number;
  loopSize?: number;
  runsPerDay?: number;
}

/** The `estimate` section of optimigrate.config.json. */
export interface EstimateConfig {
  callsPerDay?: number;
  latencyMs?: number;
  hitRate?: number;
  costPerCall?: number;
  batchSize?: number;
  loopSize?: number;
  spread?: Spread;
  overrides?: EstimateOverride[];
}

export const GLOBAL_FIGURES = ["callsPerDay", "latencyMs", "hitRate", "costPerCall", "batchSize", "loopSize"] as const;
export type GlobalFigure = (typeof GLOBAL_FIGURES)[number];

export interface Profile {
  callsPerDay: Figure;
  latencyMs: Figure;
  hitRate: Figure;
  costPerCall: Figure;
  batchSize: Figure;
  loopSize: Figure;
  spread: Spread;
  overrides: EstimateOverride[];
}

/** Why a number is not acceptable for a figure, or undefined when it is. */
export function checkFigure(name: OverrideFigure | GlobalFigure, value: unknown): string | undefined {
  if (typeof value !== "number" || !Number.isFinite(value)) return "must be a number";
  switch (name) {
    case "hitRate":
      return value >= 0 && value <= 1 ? undefined : "must be between 0 and 1";
    case "batchSize":
    case "loopSize":
      return Number.isInteger(value) && value >= 1 ? undefined : "must be a whole number of at least 1";
    default:
      return value >= 0 ? undefined : "must not be negative";
  }
}

/** Validates the `estimate` config section; returns the problem as one line, or undefined. */
export function checkEstimateConfig(value: unknown): string | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return `"estimate" must be an object`;
  for (const [key, v] of Object.entries(value)) {
    if ((GLOBAL_FIGURES as readonly string[]).includes(key)) {
      const problem = checkFigure(key as GlobalFigure, v);
      if (problem) return `estimate.${key} ${problem}`;
    } else if (key === "spread") {
      if (!(SPREADS as readonly unknown[]).includes(v)) return `estimate.spread must be one of ${SPREADS.join(", ")}`;
    } else if (key === "overrides") {
      if (!Array.isArray(v)) return `estimate.overrides must be an array of rules`;
      for (let i = 0; i < v.length; i++) {
        const problem = checkOverride(v[i]);
        if (problem) return `estimate.overrides[${i}]${problem}`;
      }
    } else {
      return `estimate has unknown key "${key}" (expected ${[...GLOBAL_FIGURES, "spread", "overrides"].join(", ")})`;
    }
  }
  return undefined;
}

function checkOverride(rule: unknown): string | undefined {
  if (!rule || typeof rule !== "object" || Array.isArray(rule)) return " must be an object";
  let matchers = 0;
  let figures = 0;
  for (const [key, v] of Object.entries(rule)) {
    if ((OVERRIDE_MATCHERS as readonly string[]).includes(key)) {
      matchers++;
      if (typeof v !== "string" || v === "") return `.${key} must be a non-empty string`;
      if (key === "kind" && !(FINDING_KINDS as readonly string[]).includes(v)) return `.kind must be one of ${FINDING_KINDS.join(", ")}`;
      if (key === "operation" && !["read", "write", "unknown"].includes(v)) return `.operation must be one of read, write, unknown`;
    } else if ((OVERRIDE_FIGURES as readonly string[]).includes(key)) {
      figures++;
      const problem = checkFigure(key as OverrideFigure, v);
      if (problem) return `.${key} ${problem}`;
    } else {
      return ` has unknown key "${key}" (matchers: ${OVERRIDE_MATCHERS.join(", ")}; figures: ${OVERRIDE_FIGURES.join(", ")})`;
    }
  }
  if (matchers === 0) return ` matches every site: give at least one of ${OVERRIDE_MATCHERS.join(", ")} (or set the figure at the top of "estimate")`;
  if (figures === 0) return ` sets no figure: give at least one of ${OVERRIDE_FIGURES.join(", ")}`;
  return undefined;
}

/** The function name without a class or object qualifier (`UserService.getUser` -> `getUser`). */
function bareFunctionName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  return name.slice(name.lastIndexOf(".") + 1);
}

const fileMatchers = new Map<string, (path: string) => boolean>();

/** The same glob dialect as the config's ignore rules (picomatch, dotfiles included). */
function matchesFile(path: string, glob: string): boolean {
  let matcher = fileMatchers.get(glob);
  if (!matcher) {
    matcher = picomatch(glob, { dot: true });
    fileMatchers.set(glob, matcher);
  }
  return matcher(path);
}

export function overrideMatches(rule: EstimateOverride, finding: Finding): boolean {
  if (rule.kind !== undefined && rule.kind !== finding.kind) return false;
  if (rule.library !== undefined && rule.library !== finding.library) return false;
  if (rule.operation !== undefined && rule.operation !== (finding.operation ?? "unknown")) return false;
  if (rule.file !== undefined && !matchesFile(finding.file, rule.file)) return false;
  if (rule.function !== undefined && rule.function !== finding.function && rule.function !== bareFunctionName(finding.function)) return false;
  return true;
}

/** The figures that the matching override rules set for a finding (later rules win). */
export function overridesFor(rules: readonly EstimateOverride[], finding: Finding): Partial<Record<OverrideFigure, number>> {
  const result: Partial<Record<OverrideFigure, number>> = {};
  for (const rule of rules) {
    if (!overrideMatches(rule, finding)) continue;
    for (const figure of OVERRIDE_FIGURES) {
      const value = rule[figure];
      if (value !== undefined) result[figure] = value;
    }
  }
  return result;
}

/**
 * The global profile: for each figure a flag wins, then the measured total (when stats are given and
 * the figure is measurable), then the config section, then the default.
 */
export function resolveProfile(input: {
  flags: Partial<Record<GlobalFigure, number>> & { spread?: Spread };
  config?: EstimateConfig;
  measuredTotal?: Partial<Record<"callsPerDay" | "latencyMs" | "hitRate", number>>;
}): Profile {
  const pick = (name: GlobalFigure): Figure => {
    const flag = input.flags[name];
    if (flag !== undefined) return { value: flag, source: "flag" };
    const measured = (input.measuredTotal as Record<string, number | undefined> | undefined)?.[name];
    if (measured !== undefined) return { value: measured, source: "measured-total" };
    const configured = input.config?.[name];
    if (configured !== undefined) return { value: configured, source: "config" };
    return { value: DEFAULTS[name], source: "default" };
  };
  return {
    callsPerDay: pick("callsPerDay"),
    latencyMs: pick("latencyMs"),
    hitRate: pick("hitRate"),
    costPerCall: pick("costPerCall"),
    batchSize: pick("batchSize"),
    loopSize: pick("loopSize"),
    spread: input.flags.spread ?? input.config?.spread ?? DEFAULTS.spread,
    overrides: input.config?.overrides ?? [],
  };
}
