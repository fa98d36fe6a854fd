// `optimigrate migrate`: run the codemods — preview (--dry-run, --patch), check (--check), or apply.
import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import type { ChalkInstance } from "chalk";
import { CODEMOD_INFO } from "../../codemods/meta.js";
import type { MigrateConfig } from "../migrate/config.js";
import { EXIT, UsageError } from "../errors.js";
import { writeFileAtomic } from "../fs/atomic-write.js";
import type { ApplyResult, Change } from "../migrate/apply.js";
import type { BatchStyle, Codemod, Edit } from "../migrate/codemod.js";
import type { MigrationPlan } from "../migrate/plan.js";
import { describeUndeclared, packageOf, undeclaredDependencies, type UndeclaredDependency } from "../migrate/runtime-dependency.js";
import { detectTerminal, progress, type Terminal } from "../terminal.js";
import { TOOL } from "../version.js";
import { cacheWrapSettings } from "../migrate/cache-wrap-config.js";
import { collectList } from "./options.js";
import { addScanOptions, scanContext, type ScanFlags, scanTarget } from "./common-options.js";

interface MigrateFlags extends ScanFlags {
  codemod?: string[];
  dryRun?: boolean;
  check?: boolean;
  json?: boolean;
  patch?: string;
  batchSize?: string;
  batchStyle?: string;
  includeReview?: boolean;
  includeTests?: boolean;
  cacheModule?: string;
  allowDirty?: boolean;
  verify?: boolean;
  interactive?: boolean;
  revert?: boolean;
  allSites?: boolean;
}

async function selectCodemods(names: string[] | undefined): Promise<Codemod[]> {
  for (const name of names ?? []) {
    if (!CODEMOD_INFO.some((c) => c.name === name)) throw new UsageError(`--codemod: unknown codemod "${name}" (known: ${CODEMOD_INFO.map((c) => c.name).join(", ")})`);
  }
  // the compiler and the codemods load only when migrate runs (--help stays fast)
  const { CODEMODS, codemodByName } = await import("../../codemods/index.js");
  if (!names?.length) return [...CODEMODS];
  return names.map((name) => codemodByName(name)!);
}

function parseBatchSize(value: string | number | undefined): number {
  if (value === undefined) return 10;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new UsageError(`--batch-size must be a whole number from 1 to 10000, not "${value}"`);
  return n;
}

/** The site report (src/report/migrate-sites.ts): each rewrite, and a summary of what was left alone (--all-sites: every site). */
async function sitesReport(plan: MigrationPlan, flags: MigrateFlags, color: ChalkInstance, includeReview: boolean, written?: ReadonlySet<string>): Promise<string> {
  const { renderSites } = await import("../report/migrate-sites.js");
  return renderSites(plan.files, { color, allSites: flags.allSites, includeReview, written });
}

/**
 * What --verify rolled back, worded for a person. A runtime module the rewrite imports but the project cannot
 * resolve is said once, with the fix, not once per file (it is the same cause everywhere).
 */
async function verifyReport(applied: Pick<ApplyResult, "rolledBack">, cacheModule: string, root: string, color: ChalkInstance, verb = "rolled back"): Promise<string[]> {
  const lines: string[] = [];
  const missing = applied.rolledBack.filter((r) => r.unresolved.length);
  if (missing.length) {
    const { isModulePath } = await import("../../codemods/cache-wrap.js");
    const { existsSync } = await import("node:fs");
    const { resolve } = await import("node:path");
    const spec = `\`${cacheModule}\` (--cache-module${cacheModule === "optimigrate/runtime" ? ", the default" : ""})`;
    let why: string;
    let fix: string;
    if (isModulePath(cacheModule)) {
      const exists = existsSync(resolve(root, cacheModule));
      why = exists ? `the compiler cannot resolve the import (${[...new Set(missing.flatMap((r) => r.unresolved))].map((u) => `\`${u}\``).join(", ")}) with the project's tsconfig` : `${cacheModule} does not exist`;
      fix = exists ? "check the tsconfig's module resolution, or point --cache-module at a module the project has" : `create it (\`optimigrate init --cache-module ${cacheModule}\`), or point --cache-module at a module the project has`;
    } else {
      const pkg = packageOf(cacheModule);
      why = `${pkg} is not installed there`;
      fix = `install it in the project (\`npm install ${pkg}\`), or point --cache-module at a module the project has`;
    }
    const names = missing.map((r) => r.path);
    const list = names.slice(0, 5).join(", ") + (names.length > 5 ? ` and ${names.length - 5} more` : "");
    lines.push(`${color.yellow(verb)} ${missing.length} file(s) because the rewritten code imports ${spec}, which cannot be resolved in ${root}: ${why}.`);
    lines.push(`  Fix: ${fix}; then run migrate again. Files: ${list}`);
  }
  for (const r of applied.rolledBack) {
    if (r.unresolved.length) continue;
    const more = r.diagnostics.length > 2 ? `; and ${r.diagnostics.length - 2} more (--json lists them)` : "";
    lines.push(`${color.yellow(verb)} ${r.path}: the rewrite adds ${r.diagnostics.length} type error(s) the file did not have (${r.diagnostics.slice(0, 2).join("; ")}${more})`);
  }
  return lines;
}

function jsonDocument(plan: MigrationPlan, mode: string, options: Record<string, unknown>, applied?: ApplyResult, undeclared: UndeclaredDependency[] = [], partOf?: PartOfRepository): unknown {
  const rolledBack = new Set(applied?.rolledBack.map((r) => r.path));
  const failedWrite = new Map(applied?.failed.map((f) => [f.path, f.message]));
  const files = plan.files.map((f) => {
    const status = f.error ? "failed" : rolledBack.has(f.path) ? "rolled-back" : failedWrite.has(f.path) ? "failed" : f.updated !== undefined ? (mode === "apply" ? "written" : "changed") : "unchanged";
    return {
      file: f.path,
      status,
      edits: f.edits.map((e) => ({ codemod: e.codemod, line: e.line, safety: e.safety, before: e.before, after: e.after, ...(e.reasons.length ? { reasons: e.reasons.map((r) => r.message), reasonIds: e.reasons.map((r) => r.id) } : {}) })),
      skips: f.skips.map((s) => ({ codemod: s.codemod, line: s.line, code: s.code, safety: s.safety, reasons: s.reasons.map((r) => r.message), reasonIds: s.reasons.map((r) => r.id) })),
      ...(f.error ? { error: f.error } : {}),
      ...(failedWrite.has(f.path) ? { error: failedWrite.get(f.path) } : {}),
      ...(rolledBack.has(f.path) ? { diagnostics: applied!.rolledBack.find((r) => r.path === f.path)!.diagnostics } : {}),
    };
  });
  return {
    tool: { name: TOOL.name, version: TOOL.version },
    root: plan.root,
    mode,
    options,
    files,
    summary: {
      scanned: plan.scanned,
      // a file --verify rolled back (or would) is no change
      changed: plan.files.filter((f) => f.updated !== undefined && !rolledBack.has(f.path)).length,
      edits: plan.files.filter((f) => !rolledBack.has(f.path)).reduce((n, f) => n + f.edits.filter((e) => e.before !== "").length, 0),
      skips: plan.files.reduce((n, f) => n + f.skips.length, 0),
      failed: plan.files.filter((f) => f.error).length + (applied?.failed.length ?? 0),
      ...(plan.testsLeftOut ? { testsLeftOut: plan.testsLeftOut } : {}),
      ...(applied ? { written: applied.written.length, rolledBack: applied.rolledBack.length } : {}),
      ...(undeclared.length ? { undeclaredDependencies: undeclared } : {}),
      ...(partOf ? { partOfRepository: partOf } : {}),
    },
  };
}

interface PartOfRepository {
  /** What was scanned, relative to the repository's top (folders, files, or `--include` globs). */
  scanned: string;
  /** The git work tree it belongs to. */
  repository: string;
}

/** When the run scanned only part of a git work tree (a folder, some files, `--include` on the command line), which part and of what. */
async function partOfRepository(context: Awaited<ReturnType<typeof scanContext>>, include: string[] | undefined): Promise<PartOfRepository | undefined> {
  const { gitTopLevel } = await import("../scan/git.js");
  const { relative, sep } = await import("node:path");
  const top = await gitTopLevel(context.root);
  if (!top) return undefined;
  const { realpathSync } = await import("node:fs");
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const topReal = real(top);
  const parts = (context.paths.length ? context.paths : [context.root]).map((p) => relative(topReal, real(p)).split(sep).join("/") || ".");
  // --include narrows this run; the config's include is the project's standing choice, not said each time
  const scanned = include?.length ? `${parts.join(", ")} (--include ${include.join(", ")})` : parts.join(", ");
  return scanned === "." ? undefined : { scanned, repository: top };
}

async function askEach(plan: MigrationPlan, term: Terminal, diffs: typeof import("../migrate/diff.js")): Promise<Set<Edit>> {
  const { colorDiff, fileDiff } = diffs;
  const accepted = new Set<Edit>();
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  let closed = false;
  rl.on("close", () => (closed = true));
  let all = false;
  try {
    outer: for (const f of plan.files) {
      for (const e of f.edits) {
        if (all || e.before === "") {
          accepted.add(e);
          continue;
        }
        process.stderr.write(`\n${term.color.bold(`${f.path}:${e.line}`)} ${e.codemod}\n`);
        process.stderr.write(`${colorDiff(fileDiff(f.path, e.before + "\n", e.after + "\n", 1000).split("\n").slice(4).join("\n"), term.color)}\n`);
        for (;;) {
          if (closed) break outer; // end of input: stop asking, keep what was accepted
          const answer = (await rl.question("Apply this change? [y]es, [n]o, [a]ll remaining, [q]uit: ").catch(() => "q")).trim().toLowerCase();
          if (answer === "y" || answer === "yes") accepted.add(e);
          else if (answer === "a" || answer === "all") {
            accepted.add(e);
            all = true;
          } else if (answer === "q" || answer === "quit") break outer;
          else if (answer !== "n" && answer !== "no") continue;
          break;
        }
      }
    }
  } finally {
    rl.close();
  }
  return accepted;
}

async function migrate(paths: string[], flags: MigrateFlags): Promise<number> {
  const term = detectTerminal();
  const context = await scanContext(paths, flags);
  const config = (context.config.migrate ?? {}) as MigrateConfig;
  const modes = [flags.dryRun && "--dry-run", flags.check && "--check", flags.interactive && "--interactive"].filter(Boolean);
  if (modes.length > 1) throw new UsageError(`${modes.join(" and ")} cannot be used together`);
  if (flags.interactive && (!process.stdin.isTTY || !process.stderr.isTTY)) throw new UsageError("--interactive needs a terminal (stdin and stderr must be a TTY)");
  if (flags.interactive && flags.json) throw new UsageError("--interactive cannot be used with --json");
  if (flags.revert && (flags.interactive || flags.patch)) throw new UsageError(`--revert cannot be used with ${flags.interactive ? "--interactive" : "--patch"}`);
  const batchStyle = (flags.batchStyle ?? config.batchStyle ?? "slices") as string;
  if (batchStyle !== "slices" && batchStyle !== "pool") throw new UsageError(`--batch-style must be "slices" or "pool", not "${batchStyle}"`);
  const codemods = await selectCodemods(flags.codemod ?? config.codemods);
  const { planMigration } = await import("../migrate/plan.js");
  const { applyChanges } = await import("../migrate/apply.js");
  const { colorDiff, fileDiff } = await import("../migrate/diff.js");
  const options = {
    codemods,
    batchSize: parseBatchSize(flags.batchSize ?? config.batchSize),
    batchStyle: batchStyle as BatchStyle,
    cacheModule: flags.cacheModule ?? config.cacheModule ?? "optimigrate/runtime",
    includeReview: Boolean(flags.includeReview ?? config.includeReview),
    cacheWrap: cacheWrapSettings(context.config),
    root: context.root,
  };
  // --patch alone writes the patch and no source file
  const mode = flags.check ? "check" : flags.dryRun ? "dry-run" : flags.patch ? "patch" : "apply";
  // no spinner before questions: its stdin handling would get in the way of the prompt
  const spinner = progress(flags.interactive ? { ...term, interactive: false } : term, "Planning the migration…").start();
  let plan: MigrationPlan;
  try {
    // --revert: the same modes and writes, over what our codemods added (src/migrate/revert.ts)
    if (flags.revert) plan = await (await import("../migrate/revert.js")).planRevert({ root: context.root, paths: context.paths, include: context.include, exclude: context.exclude, codemods: flags.codemod });
    else plan = await planMigration({
      ...options,
      ...scanTarget(context),
      includeTests: Boolean(flags.includeTests ?? config.includeTests),
      onProgress: (done, total) => {
        if (done % 50 === 0) spinner.set(`Planning ${done}/${total} files…`);
      },
    });
  } finally {
    spinner.stop();
  }
  const jsonOptions = { ...(flags.revert ? { revert: true } : {}), codemods: codemods.map((c) => c.name), batchSize: options.batchSize, batchStyle: options.batchStyle, cacheModule: options.cacheModule, includeReview: options.includeReview };

  if (flags.interactive) {
    const accepted = await askEach(plan, term, await import("../migrate/diff.js"));
    plan = await planMigration({ ...options, ...scanTarget(context), includeTests: Boolean(flags.includeTests ?? config.includeTests), accept: (edit) => [...accepted].some((a) => a.codemod === edit.codemod && a.before === edit.before && a.after === edit.after) });
  }

  let changed = plan.files.filter((f) => f.updated !== undefined);
  const parseFailures = plan.files.filter((f) => f.error);
  // a preview with --verify type-checks too: what it would roll back is named, and left out of the diffs and counts
  let previewVerified: string[] = [];
  let previewRolledBack: ApplyResult["rolledBack"] = [];
  if (flags.verify && mode !== "apply" && changed.length) {
    const { verifyChanges } = await import("../migrate/apply.js");
    const worse = verifyChanges(context.root, changed.map((f) => ({ file: f.file, path: f.path, original: f.original, updated: f.updated!, edits: f.edits })));
    previewRolledBack = changed.filter((f) => worse.has(f.file)).map((f) => ({ path: f.path, ...worse.get(f.file)! }));
    previewVerified = await verifyReport({ rolledBack: previewRolledBack }, options.cacheModule, context.root, term.color, "--verify would roll back");
    changed = changed.filter((f) => !worse.has(f.file));
  }
  for (const f of parseFailures) process.stderr.write(`optimigrate: ${f.path}: ${f.error} (left alone)\n`);

  if (flags.patch) {
    // git apply reads paths from the top of the work tree, whichever folder was migrated
    const { gitTopLevel } = await import("../scan/git.js");
    const top = await gitTopLevel(context.root);
    const { relative, sep } = await import("node:path");
    const patchPath = (f: { file: string; path: string }) => (top ? relative(top, f.file).split(sep).join("/") : f.path);
    const patch = changed.map((f) => fileDiff(patchPath(f), f.original, f.updated!)).join("");
    try {
      await writeFileAtomic(flags.patch, patch);
    } catch (error) {
      throw new UsageError(`cannot write ${flags.patch}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }

  // what the rewritten code imports and the package it lands in does not depend on (nothing to add when reverting)
  const undeclaredIn = (files: typeof changed) => (flags.revert ? [] : undeclaredDependencies(context.root, files));
  const dependencyNotes = (undeclared: UndeclaredDependency[]) => undeclared.map((u) => `${term.color.yellow("note:")} ${describeUndeclared(u)}\n`).join("");
  // a run over part of a repository: the cross-file checks did not see the rest (written elsewhere, callers, bundles)
  const partOf = changed.length && !flags.revert ? await partOfRepository(context, flags.include) : undefined;
  const scopeNote = partOf ? `${term.color.yellow("note:")} only ${partOf.scanned} was scanned, not the whole repository (${partOf.repository}): the checks that look at other files (who else writes what a cached read returns, who calls it, which bundles import it) did not see the rest; a run at the repository root does\n` : "";
  const testsNote = plan.testsLeftOut ? `${plan.testsLeftOut} test file(s) left alone (--include-tests to migrate them)\n` : "";
  const editCount = changed.reduce((n, f) => n + f.edits.filter((e) => e.before !== "").length, 0);
  const skipCount = plan.files.reduce((n, f) => n + f.skips.length, 0);
  if (mode !== "apply") {
    // the files a preview would change (without those --verify would roll back)
    const previewWritten = previewRolledBack.length ? new Set(changed.map((f) => f.path)) : undefined;
    const undeclared = undeclaredIn(changed);
    for (const line of previewVerified) process.stderr.write(`optimigrate: ${line}\n`);
    if (flags.json) process.stdout.write(`${JSON.stringify(jsonDocument(plan, mode, jsonOptions, { written: [], rolledBack: previewRolledBack, failed: [] }, undeclared, partOf), null, 2)}\n`);
    else if (mode === "dry-run") {
      for (const f of changed) process.stdout.write(`${colorDiff(fileDiff(f.path, f.original, f.updated!), term.color)}\n`);
      // Redirected (`--dry-run > changes.diff`), stdout stays the diff; the table and the count go to stderr.
      const info = term.stdoutIsTTY ? process.stdout : process.stderr;
      const report = await sitesReport(plan, flags, term.color, options.includeReview, previewWritten);
      if (report) info.write(`${report}\n`);
      info.write(`${editCount} rewrite(s) in ${changed.length} file(s), ${skipCount} site(s) left as they are; nothing was written (dry run)${flags.patch ? `; patch written to ${flags.patch}` : ""}\n`);
      info.write(dependencyNotes(undeclared));
      info.write(scopeNote);
      info.write(testsNote);
    } else if (mode === "patch") {
      const report = await sitesReport(plan, flags, term.color, options.includeReview, previewWritten);
      if (report) process.stdout.write(`${report}\n`);
      process.stdout.write(`${editCount} rewrite(s) in ${changed.length} file(s) written to ${flags.patch} (apply with \`git apply ${flags.patch}\`); no source file was changed\n`);
      process.stdout.write(dependencyNotes(undeclared));
      process.stdout.write(scopeNote);
    } else {
      // --check stays short for CI logs; --all-sites asks for every site and its reasons there too
      if (flags.allSites) process.stdout.write(`${await sitesReport(plan, flags, term.color, options.includeReview, previewWritten)}\n`);
      for (const f of changed) process.stdout.write(`would rewrite ${f.path} (${f.edits.filter((e) => e.before !== "").length} change(s))\n`);
      process.stdout.write(changed.length ? `${editCount} rewrite(s) pending in ${changed.length} file(s); run \`optimigrate migrate\` to apply\n` : previewRolledBack.length ? "nothing to migrate that --verify would keep\n" : "nothing to migrate\n");
      process.stdout.write(testsNote);
    }
    if (mode === "check" && changed.length) return EXIT.checkFailed;
    // as when applying: --verify would keep rewrites out, so the run would not do what was asked
    if (previewRolledBack.length) return EXIT.checkFailed;
    return parseFailures.length ? EXIT.partial : EXIT.ok;
  }

  // apply
  const changes: Change[] = changed.map((f) => ({ file: f.file, path: f.path, original: f.original, updated: f.updated!, edits: f.edits }));
  const applied = await applyChanges(changes, { root: context.root, allowDirty: flags.allowDirty, verify: flags.verify, journal: !flags.revert, command: flags.revert ? "migrate --revert" : "migrate" });
  const verified = await verifyReport(applied, options.cacheModule, context.root, term.color);
  const undeclared = undeclaredIn(changed.filter((f) => applied.written.includes(f.path)));
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(jsonDocument(plan, "apply", jsonOptions, applied, undeclared, partOf), null, 2)}\n`);
    for (const line of verified) process.stderr.write(`optimigrate: ${line}\n`);
  } else {
    // what was written: a file --verify rolled back, or that could not be written, is not listed as rewritten
    const report = await sitesReport(plan, flags, term.color, options.includeReview, new Set(applied.written));
    if (report) process.stdout.write(`${report}\n`);
    for (const line of verified) process.stdout.write(`${line}\n`);
    const writtenEdits = changed.filter((f) => applied.written.includes(f.path)).reduce((n, f) => n + f.edits.filter((e) => e.before !== "").length, 0);
    process.stdout.write(`${applied.written.length} file(s) rewritten (${writtenEdits} change(s)), ${skipCount} site(s) left as they are${applied.rolledBack.length ? `, ${applied.rolledBack.length} rolled back by --verify` : ""}\n`);
    process.stdout.write(dependencyNotes(undeclared));
    process.stdout.write(scopeNote);
    process.stdout.write(testsNote);
  }
  for (const f of applied.failed) process.stderr.write(`optimigrate: ${f.path}: ${f.message}\n`);
  // --verify kept rewrites out: the run did not do what was asked, like a failed --check (README "Output and exit codes")
  if (applied.rolledBack.length) return EXIT.checkFailed;
  return parseFailures.length || applied.failed.length ? EXIT.partial : EXIT.ok;
}

export function registerMigrate(program: Command): void {
  const command = program
    .command("migrate")
    .description("rewrite sequential awaits into batches and parallel awaits, and wrap cacheable reads in cached() (preview with --dry-run; undo with --revert)")
    .argument("[paths...]", "files or directories to migrate", [])
    .option("--codemod <names>", `codemods to run, comma-separated (${CODEMOD_INFO.map((c) => c.name).join(", ")}; default: all)`, collectList)
    .option("--dry-run", "print the diffs, the rewritten sites and a summary of the sites left alone; write nothing")
    .option("--check", "write nothing; exit 1 when anything would change (for CI)")
    .option("--patch <file>", "write the changes as a patch that `git apply` accepts")
    .option("--json", "print one JSON document: per file the edits and the skips with reasons")
    .option("--all-sites", "list every site left alone with all its reasons, not a summary by reason")
    .option("--batch-size <n>", "items per batch for batch-loops (default 10)")
    .option("--batch-style <style>", "slices (plain Promise.all per slice, default) or pool (the runtime's mapBatched)")
    .option("--include-review", "also rewrite sites marked review (known writes, ordered output, calls the analysis cannot see into)")
    .option("--include-tests", "also rewrite test files (*.test.*, *.spec.*, __tests__/, test/, …), left alone by default")
    .option("--cache-module <spec>", "module the emitted code imports runtime helpers from (default optimigrate/runtime)")
    .option("--allow-dirty", "rewrite files even when git has uncommitted changes in them")
    .option("--verify", "type-check the changed files; roll back a rewrite that adds type errors the file did not have (exit 1)")
    .option("--interactive", "ask before each change (terminal only)")
    .option("--revert", "take out what our codemods added (cache wrappers, batched loops, parallel awaits, their imports); same --dry-run/--check/--json");
  addScanOptions(command)
    .addHelpText(
      "after",
      `
Codemods:
${CODEMOD_INFO.map((c) => `  ${c.name.padEnd(16)} ${c.description}\n  ${"".padEnd(16)} can change: ${c.canBreak}`).join("\n")}

Examples:
  $ optimigrate migrate --dry-run
  $ optimigrate migrate src --codemod batch-loops --batch-size 20
  $ optimigrate migrate --dry-run --all-sites  every site left alone, with its reasons
  $ optimigrate migrate --check              exit 1 when a rewrite is pending (CI)
  $ optimigrate migrate --codemod cache-wrap --cache-module src/cache.ts
  $ optimigrate migrate --revert --dry-run   preview taking the migration back out
  $ optimigrate migrate --patch migrate.patch --dry-run && git apply migrate.patch`,
    )
    .action(async (paths: string[], flags: MigrateFlags) => {
      process.exitCode = await migrate(paths, flags);
    });
}
