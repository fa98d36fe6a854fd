// Cross-file rounds: after every file is analysed once, files that use a client another file exports
// (`import { prisma } from "./db"`) are analysed again, told what those imports are. A few rounds settle
// chains of re-exports; most files are analysed once. An import of a project file the run did not include
// (`assess src/services` importing `../models`) is read for its exports alone, so a partial run knows the same
// clients a whole one does.
import type { PortableValue } from "../detect/evaluate.js";
import type { FileOutcome, FileTask, ImportedValues } from "./analyze-file.js";

const MAX_ROUNDS = 4;
// project files outside the run read for their exports, at most
const MAX_OUTSIDE_FILES = 500;

export interface CrossFileOptions {
  files: string[];
  /** The project file an import names: one of `files`, or one outside the run (read for its exports only). */
  resolveLocal: (fromFile: string, specifier: string) => string | undefined;
  analyze: (tasks: FileTask[]) => Promise<FileOutcome[]>;
}

/** Runs the first pass and as many cross-file rounds as needed; returns one outcome per file, in order. */
export async function analyzeWithImports(options: CrossFileOptions): Promise<FileOutcome[]> {
  const { files, resolveLocal } = options;
  const outcomes = await options.analyze(files.map((file) => ({ file })));
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
      const read = await options.analyze(from.map((file) => ({ file, verdicts: false })));
      from.forEach((file, i) => outside.set(file, read[i]!));
    }
  };
  await readOutside();

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
        const value = target && exported(target, name, new Set());
        if (value) {
          imports.set(key, value);
          added = true;
        }
      }
      if (!added) return;
      known.set(file, imports);
      const list: ImportedValues = [...imports].map(([key, value]) => {
        const [specifier, name] = key.split("\0") as [string, string];
        return [specifier, name, value];
      });
      tasks.push(indexOf.has(file) ? { file, imports: list } : { file, imports: list, verdicts: false });
    });
    if (tasks.length === 0) break;
    const again = await options.analyze(tasks);
    tasks.forEach((task, i) => {
      const index = indexOf.get(task.file);
      if (index === undefined) outside.set(task.file, again[i]!);
      else outcomes[index] = again[i]!;
    });
  }
  return outcomes;
}
