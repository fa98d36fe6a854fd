#!/usr/bin/env node
// Benchmark of `migrate --dry-run` on the large synthetic repo (bench/gen-repo.mjs, generated into
// bench/.work/ once and shared with the assess benchmark): a fresh child process plans the migration
// with every codemod (nothing is written) and reports time, files/s and peak memory; then the built
// CLI runs `migrate --dry-run --json` on the same repo for its wall time, and the human report (and
// `--all-sites`) against it.
//
//   node bench/migrate.bench.mjs [--files 5200] [--seed 42]
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ensureRepo } from "./gen-repo.mjs";
import { args, mb, option as opt, secs } from "./cli-args.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, "..");

async function child(dir) {
  const { planMigration } = await import(pathToFileURL(join(projectRoot, "dist/src/migrate/plan.js")).href);
  const { CODEMODS } = await import(pathToFileURL(join(projectRoot, "dist/codemods/index.js")).href);
  let heapPeak = 0;
  const timer = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 20);
  const t0 = performance.now();
  const plan = await planMigration({
    root: dir,
    paths: [dir],
    codemods: CODEMODS,
    batchSize: 10,
    batchStyle: "slices",
    cacheModule: "optimigrate/runtime",
    includeReview: false,
  });
  const ms = performance.now() - t0;
  clearInterval(timer);
  const count = (pick) => plan.files.reduce((n, f) => n + pick(f), 0);
  const byCodemod = {};
  for (const f of plan.files) for (const e of f.edits) if (e.before !== "") byCodemod[e.codemod] = (byCodemod[e.codemod] ?? 0) + 1;
  const result = {
    scanned: plan.scanned,
    changed: plan.files.filter((f) => f.updated !== undefined).length,
    edits: count((f) => f.edits.filter((e) => e.before !== "").length),
    skips: count((f) => f.skips.length),
    failed: plan.files.filter((f) => f.error).length,
    byCodemod,
    ms,
    heapPeak,
    rssPeak: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}


async function main() {
  if (!existsSync(join(projectRoot, "dist/src/migrate/plan.js"))) {
    console.error("dist/ is not built: run `npm run build` (npm run bench does)");
    process.exit(2);
  }
  const full = Number(opt("files", "5200"));
  const seed = Number(opt("seed", "42"));
  const rows = [];
  for (const files of [Math.round(full / 2), full]) {
    const dir = ensureRepo(files, seed);
    const out = spawnSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), "--child", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 16 * 1024 * 1024 });
    if (out.status !== 0) throw new Error(`benchmark child failed on ${dir} (exit ${out.status})`);
    const r = JSON.parse(out.stdout.trim().split("\n").pop());
    rows.push({ dir, ...r });
    console.log(`\nmigrate --dry-run (engine, all codemods) on ${r.scanned} files (${dir})`);
    console.log(`  ${secs(r.ms).padStart(8)}  ${Math.round(r.scanned / (r.ms / 1000))} files/s  peak RSS ${mb(r.rssPeak)}, heap used ${mb(r.heapPeak)}`);
    console.log(`  ${r.changed} files would change: ${r.edits} rewrites ${JSON.stringify(r.byCodemod)}, ${r.skips} sites left with a reason, ${r.failed} files not parsed`);
  }
  const [half, whole] = rows;
  const growth = whole.rssPeak / half.rssPeak;
  console.log(`\nmemory: peak RSS ${mb(half.rssPeak)} at ${half.scanned} files, ${mb(whole.rssPeak)} at ${whole.scanned} files (x${growth.toFixed(2)} for x${(whole.scanned / half.scanned).toFixed(2)} the files)`);
  const runCli = (...extra) => {
    const t0 = performance.now();
    const cli = spawnSync(process.execPath, [join(projectRoot, "bin/optimigrate.js"), "migrate", whole.dir, "--dry-run", ...extra], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", env: { ...process.env, CI: "1" }, maxBuffer: 1 << 30 });
    return { ms: performance.now() - t0, cli };
  };
  const json = runCli("--json");
  console.log(`\nCLI: optimigrate migrate ${whole.dir} --dry-run --json > /dev/null: ${secs(json.ms)} wall, exit ${json.cli.status}`);
  if (json.cli.status !== 0 && json.cli.status !== 3 && json.cli.stderr) console.log(json.cli.stderr.trim().split("\n").slice(-3).join("\n"));
  // the human report (rewritten sites, a summary of those left alone) against the JSON of the same run: its
  // rendering should cost next to nothing (a cli-table3 table of every site once took longer than the analysis)
  for (const extra of [[], ["--all-sites"]]) {
    const human = runCli(...extra);
    console.log(`CLI: … --dry-run${["", ...extra].join(" ")} > /dev/null: ${secs(human.ms)} wall (x${(human.ms / json.ms).toFixed(2)} the --json run), ${human.cli.stderr.length} bytes of report`);
  }
}

if (args[0] === "--child") await child(resolve(args[1]));
else await main();
