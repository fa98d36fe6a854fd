// Which files write each table, over the whole run: what cache-wrap's written-elsewhere check (assess, and migrate's
// pre-pass) matches the tables a cached function reads against.
import type { TableWriter } from "../analysis/cacheability.js";
import { UNRESOLVED_RELATION } from "../analysis/prisma-nested-writes.js";
import { isTestFile } from "../test-files.js";
import type { FileOutcome } from "./analyze-file.js";
import { modelsNamedBy } from "./prisma-model-names.js";
import { firstTwoFiles, type KeyedSite } from "./first-two-files.js";

const PRISMA = "prisma:";

/**
 * Where each table is first written, over the whole run: `file:line` by table, from the first two files that write
 * it (whichever file reads it, one of them is another file). The app's own code is named before its tests: a
 * test's seeding shows the table changes, the app's write shows where; and a direct write before a nested one, a
 * nested write the schema resolves before one resolved by names only.
 */
export function tableWriters(outcomes: readonly FileOutcome[]): Map<string, TableWriter[]> {
  const models = prismaModels(outcomes);
  const entries: KeyedSite<TableWriter>[] = [];
  for (const outcome of outcomes) {
    if (outcome.status !== "scanned") continue;
    const test = isTestFile(outcome.file);
    for (const [written, line, via] of outcome.writtenTables) {
      for (const { table, how, rank } of resolved(written, via, models)) entries.push({ key: table, site: { file: outcome.file, line, ...(how ? { how } : {}) }, test, rank });
    }
  }
  return firstTwoFiles(entries);
}

/**
 * The tables a written table stands for. A nested write to a model no schema describes (`prisma:?members`) is matched
 * by the relation field's name to the models the run's Prisma calls work on (`members` is `member`, `teamMember`); when
 * none matches, the field may lead to any of them (`owner` to `User`), and it is taken to write every one: without
 * a schema the model is unknown, as the table of a read the syntax cannot name is (`cache-unknown-table`). Only
 * row writes are marked so (src/analysis/prisma-nested-writes.ts), and only where no schema found describes the model.
 */
function resolved(table: string, via: string | undefined, models: readonly string[]): { table: string; how?: string; rank: number }[] {
  if (via === undefined) return [{ table, rank: 0 }];
  const through = `a nested write through \`${via}\``;
  if (!table.startsWith(UNRESOLVED_RELATION)) return [{ table, how: through, rank: 1 }];
  const named = modelsNamedBy(table.slice(UNRESOLVED_RELATION.length), models);
  if (named.length) return named.map((model) => ({ table: PRISMA + model, how: `${through}: no Prisma schema found says where it leads, and its name fits this model`, rank: 2 }));
  return models.map((model) => ({ table: PRISMA + model, how: `${through}: no Prisma schema found says where it leads, and its name fits none of the app's models, so it may be this one`, rank: 3 }));
}

/** The Prisma models (lower-case) the run's files work on. */
function prismaModels(outcomes: readonly FileOutcome[]): string[] {
  const models = new Set<string>();
  const add = (table: string) => {
    if (table.startsWith(PRISMA) && !table.startsWith(UNRESOLVED_RELATION)) models.add(table.slice(PRISMA.length));
  };
  for (const outcome of outcomes) {
    if (outcome.status !== "scanned") continue;
    for (const model of outcome.prismaModels ?? []) models.add(model);
    for (const [table] of outcome.writtenTables) add(table);
    for (const [, tables] of outcome.readTables) tables.forEach(add);
  }
  return [...models].sort();
}
