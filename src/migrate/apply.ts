// Writes planned changes: refuses on uncommitted work in the files it would touch, optionally
// type-checks the rewrite (keeping only files that gain no diagnostics), writes atomically with the
// file's mode, BOM and line endings (the planned text already carries them), and records what
// `--revert` needs in .optimigrate/journal.jsonl.
import { appendFile, mkdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { Project, ts } from "ts-morph";
import { UsageError } from "../errors.js";
import { writeFileAtomic } from "../fs/atomic-write.js";
import { parseErrors, type Edit } from "./codemod.js";
import { git, gitTopLevel } from "../scan/git.js";
import { configForFile } from "../scan/local-modules.js";
import { addedSpecifiers } from "./runtime-dependency.js";

export interface Change {
  file: string;
  path: string;
  original: string;
  updated: string;
  edits: Edit[];
}

export interface ApplyOptions {
  root: string;
  allowDirty?: boolean;
  verify?: boolean;
  /** Record the edits in `<root>/.optimigrate/journal.jsonl` (default true). */
  journal?: boolean;
  /** The command the user ran, as errors name it (default "migrate"). */
  command?: string;
}

export interface ApplyResult {
  written: string[];
  /** Files --verify kept as they were: the rewrite adds these diagnostics (see VerifyFailure). */
  rolledBack: ({ path: string } & VerifyFailure)[];
  failed: { path: string; message: string }[];
}

export class DirtyTreeError extends UsageError {
  override name = "DirtyTreeError";
}

/** Files among `files` with uncommitted changes (modified, staged, untracked); empty outside a git work tree. */
export async function dirtyFiles(root: string, files: string[]): Promise<string[]> {
  if (files.length === 0) return [];
  const top = await gitTopLevel(root);
  if (!top) return []; // not a git repository (or no git): nothing to check
  const rel = files.map((f) => relative(top, f));
  // -z: paths unquoted and NUL-separated; a rename is "XY new\0old\0", and it is the new path that matters.
  const entries = (await git(top, ["status", "--porcelain", "-z", "--untracked-files=all", "--", ...rel])).split("\0");
  const dirty: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.length < 4) continue;
    dirty.push(entry.slice(3));
    if (entry[0] === "R" || entry[0] === "C") i++;
  }
  return dirty;
}

function formatDiagnostic(d: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
  if (d.file && d.start !== undefined) {
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${line + 1}:${character + 1} TS${d.code} ${message}`;
  }
  return `TS${d.code} ${message}`;
}

/** What a diagnostic says, without where: the rewrite moves code, so positions cannot match before and after. */
function diagnosticKey(d: ts.Diagnostic): string {
  return `TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
}

/** The diagnostics of `after` that `before` did not have (by code and message, each counted). */
export function newDiagnostics(before: readonly ts.Diagnostic[], after: readonly ts.Diagnostic[]): ts.Diagnostic[] {
  const old = new Map<string, number>();
  for (const d of before) old.set(diagnosticKey(d), (old.get(diagnosticKey(d)) ?? 0) + 1);
  return after.filter((d) => {
    const key = diagnosticKey(d);
    const left = old.get(key) ?? 0;
    if (left === 0) return true;
    old.set(key, left - 1);
    return false;
  });
}

/** "Cannot find module 'x'", "… Did you mean to set 'moduleResolution' …", "Could not find a declaration file for module 'x'". */
const UNRESOLVED_MODULE_CODES = new Set([2307, 2792, 7016]);

export interface VerifyFailure {
  /** The diagnostics the rewrite adds (not those the file had already), with positions in the rewritten file. */
  diagnostics: string[];
  /** Modules the rewrite imports (the runtime, `--cache-module`) that cannot be resolved from the file. */
  unresolved: string[];
}

/**
 * Type-checks the changed files with the project's compiler options (the tsconfig.json nearest above each
 * file, so each package of a monorepo with its own); returns those whose rewrite adds diagnostics. Only
 * diagnostics the file did not have before count (a repository whose dependencies are not installed has many),
 * and an import the rewrite added that cannot be resolved is named as such.
 */
export function verifyChanges(root: string, changes: Change[]): Map<string, VerifyFailure> {
  const byConfig = new Map<string | undefined, Change[]>();
  for (const change of changes) {
    const config = configForFile(change.file, root);
    const group = byConfig.get(config);
    if (group) group.push(change);
    else byConfig.set(config, [change]);
  }
  const worse = new Map<string, VerifyFailure>();
  for (const [config, group] of byConfig) for (const [file, failure] of verifyWith(config, group)) worse.set(file, failure);
  return worse;
}

function verifyWith(tsconfig: string | undefined, changes: Change[]): Map<string, VerifyFailure> {
  const project = tsconfig
    ? new Project({ tsConfigFilePath: tsconfig, skipAddingFilesFromTsConfig: true })
    : new Project({ compilerOptions: { allowJs: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, skipLibCheck: true, noEmit: true } });
  const strip = (t: string) => t.replace(/^\uFEFF/, "");
  const files = changes.map((c) => project.addSourceFileAtPath(c.file));
  project.resolveSourceFileDependencies();
  const diagnosticsOf = (i: number) => {
    const program = project.getProgram().compilerObject;
    const sf = program.getSourceFile(files[i]!.getFilePath());
    if (!sf) return [];
    return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
  };
  const before = changes.map((_, i) => diagnosticsOf(i));
  changes.forEach((c, i) => files[i]!.replaceWithText(strip(c.updated)));
  const worse = new Map<string, VerifyFailure>();
  changes.forEach((c, i) => {
    const added = newDiagnostics(before[i]!, diagnosticsOf(i));
    if (added.length === 0) return;
    const specifiers = addedSpecifiers(c.edits);
    const unresolved = new Set<string>();
    for (const d of added) {
      if (!UNRESOLVED_MODULE_CODES.has(d.code)) continue;
      const named = /module '([^']+)'/.exec(ts.flattenDiagnosticMessageText(d.messageText, " "))?.[1];
      if (named !== undefined && specifiers.has(named)) unresolved.add(named);
    }
    worse.set(c.file, { diagnostics: added.map(formatDiagnostic), unresolved: [...unresolved] });
  });
  return worse;
}

export async function applyChanges(changes: Change[], options: ApplyOptions): Promise<ApplyResult> {
  const result: ApplyResult = { written: [], rolledBack: [], failed: [] };
  if (changes.length === 0) return result;
  if (!options.allowDirty) {
    const dirty = await dirtyFiles(options.root, changes.map((c) => c.file));
    if (dirty.length) {
      const list = dirty.slice(0, 5).join(", ") + (dirty.length > 5 ? ` and ${dirty.length - 5} more` : "");
      throw new DirtyTreeError(`uncommitted changes in files ${options.command ?? "migrate"} would rewrite: ${list} (commit or stash them, or pass --allow-dirty)`);
    }
  }
  let keep = changes;
  if (options.verify) {
    const worse = verifyChanges(options.root, changes);
    keep = changes.filter((c) => !worse.has(c.file));
    for (const c of changes) if (worse.has(c.file)) result.rolledBack.push({ path: c.path, ...worse.get(c.file)! });
  }
  const journal: string[] = [];
  for (const change of keep) {
    try {
      const current = await readFile(change.file, "utf8");
      if (current !== change.original) {
        result.failed.push({ path: change.path, message: "changed on disk while migrate was running; left alone" });
        continue;
      }
      if (parseErrors(change.file, change.updated.replace(/^\uFEFF/, "")) > 0) {
        result.failed.push({ path: change.path, message: "the rewrite does not parse; left alone" });
        continue;
      }
      await writeFileAtomic(change.file, change.updated);
      result.written.push(change.path);
      const at = new Date().toISOString();
      for (const e of change.edits) journal.push(JSON.stringify({ at, file: change.path, codemod: e.codemod, line: e.line, before: e.before, after: e.after }));
    } catch (error) {
      result.failed.push({ path: change.path, message: `cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
    }
  }
  if (journal.length && options.journal !== false) {
    const dir = join(options.root, ".optimigrate");
    try {
      await mkdir(dir, { recursive: true });
      await appendFile(join(dir, "journal.jsonl"), `${journal.join("\n")}\n`);
    } catch {
      // the journal only helps --revert; the marker comments still identify the rewritten code
    }
  }
  return result;
}
