// Cross-file knowledge: files that use a client another file exports (`import { prisma } from "./db"`) are told
// what those imports are. When the imports of each file are known from its text, the first pass analyses a module
// before the files that import it, in levels, and hands each file what its project imports export; whatever that
// order misses (cycles, names it could not see) is settled by rounds: files are analysed again, told what they
// lacked. Most files are analysed once. An import of a project file the run did not include
// (`assess src/services` importing `../models`) is read for its exports alone, so a partial run knows the same
// clients a whole one does.
import type { PortableValue } from "../detect/evaluate.js";
import type { FileOutcome, FileTask, ImportedValues } from "./analyze-file.js";
import type { Side } from "../analysis/client-code.js";

export interface TextScan {
  specifiers: string[];
  /** Nothing in the text but project modules could make the file's analysis find anything. */
  quiet: boolean;
  /** Where the file runs, as far as its text says (src/analysis/client-code.ts sideOfText). */
  side?: Side;
  /** Specifiers only `import type` / `export type` name: they bring no code along. */
  typeOnly?: string[];
}

const MAX_ROUNDS = 4;
// project files outside the run read for their exports, at most
const MAX_OUTSIDE_FILES = 500;

export interface CrossFileOptions {
  files: string[];
  /** The project file an import names: one of `files`, or one outside the run (read for its exports only). */
  resolveLocal: (fromFile: string, specifier: string) => string | undefined;
  /** `first`: the tasks are part of the first pass over `files` (each file once, in some order). */
  analyze: (tasks: FileTask[], first: boolean) => Promise<FileOutcome[]>;
  /**
   * What a file's text shows before any parse: the specifiers it imports, which order the first pass
   * (src/scan/import-specifiers.ts), and whether it is quiet (src/scan/quiet-text.ts).
   */
  scanText?: (file: string) => TextScan;
  /** `resolveLocal` among the run's files only (no look at the disk): all the ordering needs. */
  resolveInRun?: (fromFile: string, specifier: string) => string | undefined;
  /** Told, for each file of the run, what its text showed and the run's files it imports for values (not `import type`). */
  onScan?: (file: string, scan: TextScan, imports: readonly string[]) => void;
}

/**
 * The files in levels: each after the project files it imports (as far as `importsOf` tells); files in an
 * import cycle come last, together.
 */
export function importLevels(files: readonly string[], importsOf: (file: string) => readonly string[]): string[][] {
  const inRun = new Set(files);
  const waitingOn = new Map<string, number>();
  const importers = new Map<string, string[]>();
  for (const file of files) {
    const providers = new Set(importsOf(file).filter((p) => p !== file && inRun.has(p)));
    waitingOn.set(file, providers.size);
    for (const p of providers) {
      const list = importers.get(p);
      if (list) list.push(file);
      else importers.set(p, [file]);
    }
  }
  const levels: string[][] = [];
  let ready = files.filter((f) => waitingOn.get(f) === 0);
  const placed = new Set<string>();
  while (ready.length) {
    levels.push(ready);
    for (const f of ready) placed.add(f);
    const next: string[] = [];
    for (const f of ready) {
      for (const importer of importers.get(f) ?? []) {
        const left = waitingOn.get(importer)! - 1;
        waitingOn.set(importer, left);
        if (left === 0) next.push(importer);
      }
    }
    ready = next;
  }
  const cyclic = files.filter((f) => !placed.has(f));
  if (cyclic.length) levels.push(cyclic);
  return levels;
}

/** Runs the first pass and as many cross-file rounds as needed; returns one outcome per file, in order. */
export async function analyzeWithImports(options: CrossFileOptions): Promise<FileOutcome[]> {
  const { files, resolveLocal } = options;
  const outcomes: FileOutcome[] = new Array(files.length);
  const indexOf = new Map(files.map((file, i) => [file, i]));
  const known = new Map<string, Map<string, PortableValue>>();
  const outside = new Map<string, FileOutcome>();
  const outcomeOf = (file: string): FileOutcome | undefined => {
    const index = indexOf.get(file);
    return index === undefined ? outside.get(file) : outcomes[index];
  };

  /** Reads the files outside the run that the run's imports (and their re-exports) name. */
  const readOutside = async (): Promise<void> => {
    let from = files;
    while (from.length && outside.size < MAX_OUTSIDE_FILES) {
      const wanted = new Set<string>();
      for (const file of from) {
        const outcome = outcomeOf(file);
        if (outcome?.status !== "scanned") continue;
        const specifiers = [...outcome.unresolvedImports.map(([specifier]) => specifier), ...outcome.exports.forwards.map((f) => f.specifier), ...outcome.exports.stars];
        for (const specifier of specifiers) {
          const target = resolveLocal(file, specifier);
          if (target && !indexOf.has(target) && !outside.has(target) && outside.size + wanted.size < MAX_OUTSIDE_FILES) wanted.add(target);
        }
      }
      if (!wanted.size) return;
      from = [...wanted];
      const read = await options.analyze(from.map((file) => ({ file, verdicts: false })), false);
      from.forEach((file, i) => outside.set(file, read[i]!));
    }
  };
  const exported = (file: string, name: string, seen: Set<string>): PortableValue | undefined => {
    const key = `${file}\0${name}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const outcome = outcomeOf(file);
    if (outcome?.status !== "scanned") return undefined;
    // own properties only: `import { toString } from "./x"` must not find Object.prototype's
    const direct = Object.hasOwn(outcome.exports.values, name) ? outcome.exports.values[name] : undefined;
    if (direct) return direct;
    for (const forward of outcome.exports.forwards) {
      if (forward.name !== name) continue;
      const target = resolveLocal(file, forward.specifier);
      const value = target && exported(target, forward.imported, seen);
      if (value) return value;
    }
    if (name === "default") return undefined;
    for (const star of outcome.exports.stars) {
      const target = resolveLocal(file, star);
      const value = target && exported(target, name, seen);
      if (value) return value;
    }
    return undefined;
  };

  /** Every name a module exports, through its re-exports (`export * from`), once each. */
  const exportNames = (file: string, seen: Set<string>): string[] => {
    if (seen.has(file)) return [];
    seen.add(file);
    const outcome = outcomeOf(file);
    if (outcome?.status !== "scanned") return [];
    const names = [...Object.keys(outcome.exports.values), ...outcome.exports.forwards.map((f) => f.name)];
    for (const star of outcome.exports.stars) {
      const target = resolveLocal(file, star);
      if (target) names.push(...exportNames(target, seen).filter((n) => n !== "default"));
    }
    return names;
  };

  // The first pass: modules before their importers, each file told what its project imports export so far.
  const specifiersOf = new Map<string, string[]>();
  const quietFiles = new Set<string>();
  const inRun = options.resolveInRun ?? resolveLocal;
  const providersOf = (file: string): string[] => {
    const scan = options.scanText?.(file) ?? { specifiers: [], quiet: false };
    specifiersOf.set(file, scan.specifiers);
    if (scan.quiet) quietFiles.add(file);
    const targets = scan.specifiers.map((s) => inRun(file, s)).filter((t): t is string => t !== undefined);
    if (options.onScan) {
      const typeOnly = new Set(scan.typeOnly);
      const values = typeOnly.size ? scan.specifiers.filter((s) => !typeOnly.has(s)).map((s) => inRun(file, s)).filter((t): t is string => t !== undefined) : targets;
      options.onScan(file, scan, values);
    }
    return targets;
  };
  // An import that can never bring a client: no project file, or one that exports none, not through its
  // re-exports (a barrel's `export * from`) either, and never will: a round analyses a module again only with
  // values its unresolved imports find, so those must lead to inert modules too.
  const inertModules = new Map<string, boolean>();
  const inertModule = (target: string): boolean => {
    const known = inertModules.get(target);
    if (known !== undefined) return known;
    inertModules.set(target, false); // an import cycle: not known to be inert
    const index = indexOf.get(target);
    const outcome = index === undefined ? undefined : outcomes[index];
    let inert = outcome !== undefined;
    if (outcome?.status === "scanned") {
      const { values, forwards, stars } = outcome.exports;
      const reached = [...outcome.unresolvedImports.map(([specifier]) => specifier), ...forwards.map((f) => f.specifier), ...stars];
      inert = Object.keys(values).length === 0 && reached.every((s) => inertImport(target, s));
    }
    // decided before its outcome exists: not for good
    if (outcome !== undefined) inertModules.set(target, inert);
    else inertModules.delete(target);
    return inert;
  };
  const inertImport = (file: string, specifier: string): boolean => {
    // the run's own files first: the ordering resolved those already (no look at the disk)
    const target = inRun(file, specifier) ?? resolveLocal(file, specifier);
    return target === undefined || inertModule(target);
  };
  // What a module exports, through its re-exports: every file importing a barrel asks for all of it, and each
  // name walks the barrel's `export *` list. Outcomes only change between levels and rounds, and so do these.
  let moduleValues = new Map<string, [string, PortableValue][]>();
  let exportedValues = new Map<string, PortableValue | undefined>();
  const outcomesChanged = (): void => {
    moduleValues = new Map();
    exportedValues = new Map();
  };
  const exportedValue = (file: string, name: string): PortableValue | undefined => {
    const key = `${file}\0${name}`;
    if (exportedValues.has(key)) return exportedValues.get(key);
    const value = exported(file, name, new Set());
    exportedValues.set(key, value);
    return value;
  };
  const valuesOf = (target: string): [string, PortableValue][] => {
    let values = moduleValues.get(target);
    if (!values) {
      values = [];
      for (const name of new Set(exportNames(target, new Set()))) {
        const value = exportedValue(target, name);
        if (value) values.push([name, value]);
      }
      moduleValues.set(target, values);
    }
    return values;
  };
  const levels = options.scanText ? importLevels(files, providersOf) : [files];
  for (const level of levels) {
    const tasks = level.map((file): FileTask => {
      if (quietFiles.has(file) && specifiersOf.get(file)!.every((s) => inertImport(file, s))) return { file, quiet: true };
      const imports = new Map<string, PortableValue>();
      for (const specifier of specifiersOf.get(file) ?? []) {
        const target = inRun(file, specifier);
        if (!target || !indexOf.has(target) || !outcomeOf(target)) continue;
        for (const [name, value] of valuesOf(target)) imports.set(`${specifier}\0${name}`, value);
      }
      if (imports.size === 0) return { file };
      known.set(file, imports);
      return { file, imports: importedValues(imports) };
    });
    const results = await options.analyze(tasks, true);
    level.forEach((file, i) => (outcomes[indexOf.get(file)!] = results[i]!));
    outcomesChanged();
  }
  await readOutside();
  outcomesChanged();

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const tasks: FileTask[] = [];
    // the run's files, and those outside it that are read for their exports (`module.exports.User = require("./user")`)
    [...files, ...outside.keys()].forEach((file) => {
      const outcome = outcomeOf(file)!;
      if (outcome.status !== "scanned" || outcome.unresolvedImports.length === 0) return;
      const imports = known.get(file) ?? new Map<string, PortableValue>();
      let added = false;
      for (const [specifier, name] of outcome.unresolvedImports) {
        const key = `${specifier}\0${name}`;
        if (imports.has(key)) continue;
        const target = resolveLocal(file, specifier);
        const value = target && exportedValue(target, name);
        if (value) {
          imports.set(key, value);
          added = true;
        }
      }
      if (!added) return;
      known.set(file, imports);
      const list = importedValues(imports);
      tasks.push(indexOf.has(file) ? { file, imports: list } : { file, imports: list, verdicts: false });
    });
    if (tasks.length === 0) break;
    const again = await options.analyze(tasks, false);
    tasks.forEach((task, i) => {
      const index = indexOf.get(task.file);
      if (index === undefined) outside.set(task.file, again[i]!);
      else outcomes[index] = again[i]!;
    });
    outcomesChanged();
  }
  return outcomes;
}

function importedValues(imports: ReadonlyMap<string, PortableValue>): ImportedValues {
  return [...imports].map(([key, value]) => {
    const [specifier, name] = key.split("\0") as [string, string];
    return [specifier, name, value];
  });
}
