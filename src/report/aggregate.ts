// Counts reporters group findings by (file, function, library × operation). Plain arithmetic over the
// findings list; nothing here looks at code.
import type { Finding, Operation } from "../findings.js";

export interface FileHotspot {
  file: string;
  findings: number;
}

export interface FunctionHotspot {
  file: string;
  function: string;
  findings: number;
}

export interface LibraryCounts {
  library: string;
  read: number;
  write: number;
  unknown: number;
  total: number;
}

const byCountThenName = <T extends { findings: number }>(key: (x: T) => string) => (a: T, b: T) =>
  b.findings - a.findings || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

export function hotspotsByFile(findings: readonly Finding[]): FileHotspot[] {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.file, (counts.get(f.file) ?? 0) + 1);
  return [...counts].map(([file, n]) => ({ file, findings: n })).sort(byCountThenName((x) => x.file));
}

/** Findings outside any named function are left out: they have no function to name. */
export function hotspotsByFunction(findings: readonly Finding[]): FunctionHotspot[] {
  const counts = new Map<string, FunctionHotspot>();
  for (const f of findings) {
    if (!f.function) continue;
    const key = `${f.file}\0${f.function}`;
    const entry = counts.get(key) ?? { file: f.file, function: f.function, findings: 0 };
    entry.findings++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort(byCountThenName((x) => `${x.file}\0${x.function}`));
}

/** Per library, how many calls read, write or cannot tell; most used library first. */
export function libraryCounts(findings: readonly Finding[]): LibraryCounts[] {
  const rows = new Map<string, LibraryCounts>();
  for (const f of findings) {
    if (!f.library) continue;
    const row = rows.get(f.library) ?? { library: f.library, read: 0, write: 0, unknown: 0, total: 0 };
    row[(f.operation ?? "unknown") as Operation]++;
    row.total++;
    rows.set(f.library, row);
  }
  return [...rows.values()].sort((a, b) => b.total - a.total || (a.library < b.library ? -1 : a.library > b.library ? 1 : 0));
}

/**
 * The sites to show first when not all fit: the app's own code before tests, files with the most findings
 * first, then by position, so the list reads file by file from the hottest.
 */
export function topSites(findings: readonly Finding[]): Finding[] {
  const perFile = new Map(hotspotsByFile(findings).map((h, rank) => [h.file, rank]));
  return [...findings].sort(
    (a, b) =>
      Number(a.test ?? false) - Number(b.test ?? false) || perFile.get(a.file)! - perFile.get(b.file)! || a.line - b.line || a.column - b.column,
  );
}
