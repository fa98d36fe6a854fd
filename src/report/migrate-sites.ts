// What `migrate` tells a person about the sites it looked at: each rewrite, and a summary of what it left
// alone — counts per codemod and per reason, with a few example sites — or, with --all-sites, every site
// and every reason, one line each. Plain lines, no table layout: a large repository has thousands of
// sites left alone, and a cli-table3 table of them took longer to lay out than the whole analysis.
import type { ChalkInstance } from "chalk";
import { REASON_MESSAGES, type Reason, type ReasonId } from "../analysis/reasons.js";
import type { Edit, Skip } from "../migrate/codemod.js";
import { formatCount } from "./format.js";

export interface SiteFile {
  path: string;
  edits: readonly Edit[];
  skips: readonly Skip[];
  error?: string;
}

export interface SiteReportOptions {
  color: ChalkInstance;
  /** List every site left alone with each of its reasons instead of the summary. */
  allSites?: boolean;
  /** Example sites shown per reason in the summary (default 3). */
  examples?: number;
  /** Review sites were rewritten (--include-review): no hint to pass it. */
  includeReview?: boolean;
  /** Only these files' rewrites were written (apply, after --verify); the rest are not listed as rewritten. */
  written?: ReadonlySet<string>;
  /** How to get the full listing, as the command line would say it (default "--all-sites (or --json)"). */
  allSitesHint?: string;
}

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? "" : "s"}`;

/** A reason id's message with its placeholders as "…"; undefined when nothing but placeholders is left. */
export function reasonGist(id: ReasonId): string | undefined {
  const template: string = REASON_MESSAGES[id] ?? "";
  const gist = template.replace(/`\{\{\w+\}\}`/g, "`…`").replace(/\{\{\w+\}\}/g, "…");
  return /[a-z]{3}/i.test(gist.replace(/`…`/g, "")) ? gist : undefined;
}

const templates = new Map<ReasonId, RegExp | null>();

/**
 * What a message filled into its reason's placeholders (`sleep(1000)` in "awaits a timer (`sleep(1000)`), …"),
 * as the message shows them; undefined when the message does not follow its template.
 */
export function reasonValues(id: ReasonId, message: string): string[] | undefined {
  let re = templates.get(id);
  if (re === undefined) {
    const template: string = REASON_MESSAGES[id] ?? "";
    const parts = template.split(/(`\{\{\w+\}\}`|\{\{\w+\}\})/);
    const source = parts.map((p, i) => (i % 2 === 0 ? p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : p.startsWith("`") ? "(``? .+? ``?|`.+?`)" : "(.+?)")).join("");
    re = parts.length > 1 ? new RegExp(`^${source}(?: \\(and \\d+ more like it\\))?$`, "s") : null;
    templates.set(id, re);
  }
  const match = re?.exec(message);
  return match ? match.slice(1) : undefined;
}

/** Sites in the order a reader scans a diff: by file, then by line. */
function sortedSites<T extends { line: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.line - b.line);
}

function rewrittenSection(files: readonly SiteFile[], o: SiteReportOptions): string[] {
  const { color } = o;
  const lines: string[] = [];
  const rows: [string, string, string?][] = [];
  let count = 0;
  let fileCount = 0;
  for (const f of files) {
    if (o.written && !o.written.has(f.path)) continue;
    const edits = sortedSites(f.edits.filter((e) => e.before !== "")); // an added import is not a site
    if (edits.length) fileCount++;
    for (const e of edits) {
      count++;
      const where = `${f.path}:${e.line}`;
      if (e.reasons.length === 0) rows.push([where, e.codemod]);
      else for (const r of e.reasons) rows.push([where, e.codemod, `${color.yellow("review")}  ${r.message}  ${color.dim(r.id)}`]);
    }
  }
  if (count === 0) return [];
  const pad = Math.max(...rows.map(([where]) => where.length));
  const codemodPad = Math.max(...rows.map(([, codemod]) => codemod.length));
  for (const [where, codemod, why] of rows) lines.push(why ? `  ${where.padEnd(pad)}  ${codemod.padEnd(codemodPad)}  ${why}` : `  ${where.padEnd(pad)}  ${codemod}`);
  return [color.bold(`Rewritten: ${plural(count, "site")} in ${plural(fileCount, "file")}`), ...lines];
}

interface ReasonGroup {
  id: ReasonId;
  sites: { where: string; message: string }[];
}

interface CodemodGroup {
  codemod: string;
  sites: number;
  bySafety: Map<string, number>;
  reasons: Map<ReasonId, ReasonGroup>;
}

/** Up to `n` sites, from as many different files as there are (three sites of one test file say less than one each of three files). */
function pickExamples<T extends { where: string }>(sites: readonly T[], n: number): T[] {
  const picked: T[] = [];
  const files = new Set<string>();
  for (const s of sites) {
    if (picked.length === n) break;
    const file = s.where.slice(0, s.where.lastIndexOf(":"));
    if (files.has(file)) continue;
    files.add(file);
    picked.push(s);
  }
  for (const s of sites) {
    if (picked.length === n) break;
    if (!picked.includes(s)) picked.push(s);
  }
  // in the order of the listing: by file, then line
  return picked.sort((a, b) => sites.indexOf(a) - sites.indexOf(b));
}

function leftAloneSummary(files: readonly SiteFile[], o: SiteReportOptions): string[] {
  const { color } = o;
  const examples = o.examples ?? 3;
  const groups = new Map<string, CodemodGroup>();
  let total = 0;
  let review = 0;
  let severalReasons = false;
  for (const f of files) {
    for (const s of f.skips) {
      total++;
      if (s.safety === "review") review++;
      let g = groups.get(s.codemod);
      if (!g) groups.set(s.codemod, (g = { codemod: s.codemod, sites: 0, bySafety: new Map(), reasons: new Map() }));
      g.sites++;
      g.bySafety.set(s.safety, (g.bySafety.get(s.safety) ?? 0) + 1);
      const seen = new Set<ReasonId>();
      for (const r of s.reasons) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        let rg = g.reasons.get(r.id);
        if (!rg) g.reasons.set(r.id, (rg = { id: r.id, sites: [] }));
        rg.sites.push({ where: `${f.path}:${s.line}`, message: r.message });
      }
      if (seen.size > 1) severalReasons = true;
    }
  }
  if (total === 0) return [];
  const byCount = <T>(entries: Iterable<T>, count: (t: T) => number, name: (t: T) => string) => [...entries].sort((a, b) => count(b) - count(a) || name(a).localeCompare(name(b)));
  const codemods = byCount(groups.values(), (g) => g.sites, (g) => g.codemod);
  const out = [color.bold(`Left alone: ${plural(total, "site")}`) + ` (${codemods.map((g) => `${g.codemod} ${formatCount(g.sites)}`).join(", ")})`];
  for (const g of codemods) {
    const safety = byCount(g.bySafety, ([, n]) => n, ([s]) => s).map(([s, n]) => `${formatCount(n)} ${s}`).join(", ");
    out.push(`  ${color.bold(g.codemod)}: ${plural(g.sites, "site")} (${safety})`);
    const reasons = byCount(g.reasons.values(), (r) => r.sites.length, (r) => r.id);
    const width = Math.max(...reasons.map((r) => formatCount(r.sites.length).length));
    for (const r of reasons) {
      const n = formatCount(r.sites.length).padStart(width);
      const gist = reasonGist(r.id) ?? r.sites[0]!.message;
      out.push(`    ${n}  ${color.yellow(r.id)}: ${gist}`);
      const indent = " ".repeat(width + 6);
      const shown = pickExamples(r.sites, examples);
      const more = r.sites.length > shown.length ? ` and ${formatCount(r.sites.length - shown.length)} more` : "";
      if (shown.every((s) => s.message === gist)) out.push(`${indent}${color.dim(`e.g. ${shown.map((s) => s.where).join(", ")}${more}`)}`);
      else {
        // each example with what it filled in (`sleep(1000)`), or its whole message when the gist says nothing
        const pad = Math.max(...shown.map((s) => s.where.length));
        for (const s of shown) out.push(`${indent}${color.dim(s.where.padEnd(pad))}  ${(reasonGist(r.id) && reasonValues(r.id, s.message)?.join(", ")) || s.message}`);
        if (more) out.push(`${indent}${color.dim(more.trim())}`);
      }
    }
  }
  if (severalReasons) out.push(color.dim("  (a site with several reasons counts under each of them)"));
  const hints: string[] = [];
  // not all of them: a review site whose loop or group has an unsafe part stays as it is
  if (review && !o.includeReview) hints.push(`--include-review also rewrites a review site when nothing unsafe shares its loop or group (${plural(review, "site")} here ${review === 1 ? "is" : "are"} review)`);
  hints.push(`every site with all its reasons: ${o.allSitesHint ?? "--all-sites (or --json)"}`);
  out.push(`${hints.join("; ")}.`);
  return out;
}

function leftAloneListing(files: readonly SiteFile[], o: SiteReportOptions): string[] {
  const { color } = o;
  const out: string[] = [];
  for (const f of files) {
    for (const s of sortedSites(f.skips)) {
      const head = `${f.path}:${s.line}  ${s.codemod}  ${color.yellow(`skipped (${s.safety})`)}`;
      const reasons: readonly Reason[] = s.reasons.length ? s.reasons : [];
      if (reasons.length === 0) out.push(head);
      for (const r of reasons) out.push(`${head}  ${r.message}  ${color.dim(r.id)}`);
    }
  }
  if (out.length === 0) return [];
  const byCodemod = new Map<string, number>();
  for (const f of files) for (const s of f.skips) byCodemod.set(s.codemod, (byCodemod.get(s.codemod) ?? 0) + 1);
  const total = files.reduce((n, f) => n + f.skips.length, 0);
  const counts = [...byCodemod].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c, n]) => `${c} ${formatCount(n)}`).join(", ");
  return [color.bold(`Left alone: ${plural(total, "site")}`) + ` (${counts})`, ...out];
}

/** The report on the sites: rewritten ones, then those left alone (summary or, with allSites, every one), then files not parsed. */
export function renderSites(files: readonly SiteFile[], options: SiteReportOptions): string {
  const sections = [rewrittenSection(files, options), options.allSites ? leftAloneListing(files, options) : leftAloneSummary(files, options)];
  const failed = files.filter((f) => f.error);
  if (failed.length) sections.push([options.color.bold(`Not parsed, left alone: ${plural(failed.length, "file")}`), ...failed.map((f) => `  ${f.path}: ${f.error}`)]);
  return sections.filter((s) => s.length).map((s) => s.join("\n")).join("\n\n");
}
