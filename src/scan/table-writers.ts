// Which files write each table, over the whole run: what cache-wrap's written-elsewhere check (assess, and migrate's
// pre-pass) matches the tables a cached function reads against.
import type { TableWriter } from "../analysis/cacheability.js";
import { isTestFile } from "../test-files.js";
import type { FileOutcome } from "./analyze-file.js";

/**
 * Where each table is first written, over the whole run: `file:line` by table, from the first two files that write
 * it (whichever file reads it, one of them is another file). The app's own code is named before its tests: a
 * test's seeding shows the table changes, the app's write shows where.
 */
export function tableWriters(outcomes: readonly FileOutcome[]): Map<string, TableWriter[]> {
  const writers = new Map<string, TableWriter[]>();
  const appFirst = [...outcomes.filter((o) => !isTestFile(o.file)), ...outcomes.filter((o) => isTestFile(o.file))];
  for (const outcome of appFirst) {
    if (outcome.status !== "scanned") continue;
    for (const [table, line] of outcome.writtenTables) {
      const known = writers.get(table);
      if (!known) writers.set(table, [{ file: outcome.file, line }]);
      else if (known.length === 1 && known[0]!.file !== outcome.file) known.push({ file: outcome.file, line });
    }
  }
  return writers;
}
