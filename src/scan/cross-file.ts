// Cross-file rounds: after every file is analysed once, files that use a client another file exports
// (`import { prisma } from "./db"`) are analysed again, told what those imports are. A few rounds settle
// chains of re-exports; most files are analysed once.
import type { PortableValue } from "../detect/evaluate.js";
import type { FileOutcome, FileTask, ImportedValues } from "./analyze-file.js";

const MAX_ROUNDS = 4;

export interface CrossFileOptions {
  files: string[];
  resolveLocal: (fromFile: string, specifier: string) => string | undefined;
  analyze: (tasks: FileTask[]) => Promise<FileOutcome[]>;
}

/** Runs the first pass and as many cross-file rounds as needed; returns one outcome per file, in order. */
export async function analyzeWithImports(options: CrossFileOptions): Promise<FileOutcome[]> {
  const { files, resolveLocal } = options;
  const outcomes = await options.analyze(files.map((file) => ({ file })));
  const indexOf = new Map(files.map((file, i) => [file, i]));
  const known = new Map<string, Map<string, PortableValue>>();

  const exported = (file: string, name: string, seen: Set<string>): PortableValue | undefined => {
    const key = `${file}\0${name}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const index = indexOf.get(file);
    const outcome = index === undefined ? undefined : outcomes[index];
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
    files.forEach((file, i) => {
      const outcome = outcomes[i]!;
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
      tasks.push({ file, imports: list });
    });
    if (tasks.length === 0) break;
    const again = await options.analyze(tasks);
    tasks.forEach((task, i) => {
      outcomes[indexOf.get(task.file)!] = again[i]!;
    });
  }
  return outcomes;
}
