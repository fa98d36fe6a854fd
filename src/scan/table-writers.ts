// Which files write each table, over the whole run: what cache-wrap's written-elsewhere check (assess, and migrate's
// pre-pass) matches the tables a cached function reads against.
import type { TableWriter } from "../analysis/cacheability.js";
import { isTestFile } from "../test-files.js";
import type { FileOutcome } from "./analyze-file.js";

/**
 * Where each table is first written, over the whole run: `file:line` by table, from the first two files that write
 * it (whichever file reads it, one of them is another file). The app's own code is named before its tests: a
 * test's seeding shows the table changes, the app's write shows where; and a direct write before a nested one.
 */
export function tableWriters(outcomes: readonly FileOutcome[]): Map<string, TableWriter[]> {
  const entries: { table: string; writer: TableWriter; test: boolean; rank: number }[] = [];
  for (const outcome of outcomes) {
    if (outcome.status !== "scanned") continue;
    const test = isTestFile(outcome.file);
    for (const [written, line, via] of outcome.writtenTables) {
      for (const { table, how, rank } of resolved(written, via)) entries.push({ table, writer: { file: outcome.file, line, ...(how ? { how } : {}) }, test, rank });
    }
  }
  entries.sort((a, b) => Number(a.test) - Number(b.test) || a.rank - b.rank);
  const writers = new Map<string, TableWriter[]>();
  for (const { table, writer } of entries) {
    const known = writers.get(table);
    if (!known) writers.set(table, [writer]);
    else if (known.length === 1 && known[0]!.file !== writer.file) known.push(writer);
  }
  return writers;
}

/** The tables a written table stands for, with how a nested write writes them; a direct write ranks first. */
function resolved(table: string, via: string | undefined): { table: string; how?: string; rank: number }[] {
  if (via === undefined) return [{ table, rank: 0 }];
  return [{ table, how: `a nested write through \`${via}\``, rank: 1 }];
}
