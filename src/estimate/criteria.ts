// The guide's success criteria (DESIGN §1) and how a figure is judged against them: met, not met, or not measurable.

export const CRITERIA = {
  "hit-rate": { name: "hit rate > 70%", target: 0.7, unit: "fraction" },
  "api-call-reduction": { name: "API-call reduction > 50%", target: 0.5, unit: "fraction" },
  "cost-reduction": { name: "cost reduction > 40%", target: 0.4, unit: "fraction" },
  "cached-speedup": { name: "cached response > 10x faster", target: 10, unit: "times" },
  "error-rate": { name: "no rise in error rate", target: 0, unit: "fraction" },
} as const;

export type CriterionId = keyof typeof CRITERIA;

export interface CriterionVerdict {
  id: CriterionId;
  name: string;
  /** The figure must be greater than this (fractions are 0…1). */
  target: number;
  unit: "fraction" | "times";
  /** true / false, or null when the figure could not be measured or estimated. */
  met: boolean | null;
  note?: string;
}

/** Judges a figure that must exceed its target; a null figure is "not measurable" with the note saying why. */
export function judge(id: Exclude<CriterionId, "error-rate">, value: number | null, whyMissing?: string): CriterionVerdict {
  const { name, target, unit } = CRITERIA[id];
  const verdict: CriterionVerdict = { id, name, target, unit, met: value === null ? null : value > target };
  if (value === null && whyMissing) verdict.note = whyMissing;
  return verdict;
}

/**
 * "No rise in error rate" needs the error rate from before the migration; runtime stats only see
 * after. With a baseline it is judged, without one it is reported as not measurable.
 */
export function judgeErrorRate(measured: number | null, baseline?: number): CriterionVerdict {
  const { name, unit } = CRITERIA["error-rate"];
  if (measured === null) return { id: "error-rate", name, target: baseline ?? 0, unit, met: null, note: "no calls were loaded" };
  if (baseline === undefined) {
    return { id: "error-rate", name, target: 0, unit, met: null, note: "needs the error rate before the migration: --baseline-error-rate" };
  }
  return { id: "error-rate", name, target: baseline, unit, met: measured <= baseline };
}
