// Number formatting shared by the human reporters (tables and markdown): counts, durations, dollars, percentages.

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return "–";
  const digits = Number.isInteger(n) || Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2;
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** Milliseconds as the unit a person would say: 250 ms, 4.2 s, 11.7 min, 3.5 h. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "–";
  const abs = Math.abs(ms);
  if (ms === 0) return "0 ms";
  if (abs < 1) return `${ms.toFixed(2)} ms`;
  if (abs < 1000) return `${Number(ms.toFixed(1)).toLocaleString("en-US")} ms`;
  if (abs < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (abs < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toLocaleString("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 })} h`;
}

export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return "–";
  if (usd !== 0 && Math.abs(usd) < 0.01) return `$${Number(usd.toPrecision(2))}`;
  return `$${usd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A fraction 0…1 as a percentage; null is "–" (nothing to divide). */
export function formatPct(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return "–";
  return `${(fraction * 100).toFixed(digits).replace(/\.0+$/, "")}%`;
}

export function formatRatio(times: number | null | undefined): string {
  if (times === null || times === undefined || !Number.isFinite(times)) return "–";
  return `${times.toFixed(1)}x`;
}

export function formatMsOrDash(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "–" : formatDuration(ms);
}

/** A markdown table cell: pipes and newlines would break the row. */
export function mdCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

export function mdTable(head: string[], rows: string[][], align?: ("l" | "r")[]): string {
  const sep = head.map((_, i) => ((align?.[i] ?? "l") === "r" ? "---:" : "---"));
  return [head, sep, ...rows].map((r, i) => `| ${(i === 1 ? r : r.map(mdCell)).join(" | ")} |`).join("\n");
}
