// Why a loop or a run of awaits is (not) rewritten: messages by id, ESLint-style, so tests and JSON name them.
import type { Safety } from "../findings.js";

export const REASON_MESSAGES = {
  // unsafe: the rewrite could change what the code does
  "outer-write": "assigns `{{name}}`, which is declared outside the loop, so an iteration can see what an earlier one wrote",
  "outer-mutation": "changes `{{name}}` (declared outside the loop) with `{{code}}`; in batches these changes would happen in a different order",
  // the same for a run of awaits (a waterfall), which has no loop to be outside of
  "await-outer-write": "assigns `{{name}}`, which other code can see; run at the same time, the awaits could see this write at a different moment",
  "await-outer-mutation": "changes `{{name}}` with `{{code}}`; run at the same time, the awaits could make and see these changes in a different order",
  "shared-object-write": "writes through `{{code}}`, an object other iterations may share",
  "collection-mutated": "changes `{{name}}`, the collection the loop is iterating",
  "break": "`break` stops the loop early; in batches the next items would already be running",
  "return": "`return` leaves the function from inside the loop; in batches the next items would already be running",
  "labelled-continue": "`continue {{name}}` jumps to an outer loop",
  "labelled-loop": "the loop has a label (`{{name}}`) that other statements can jump to",
  "yield": "`yield` hands each item to the caller one at a time",
  "throw": "`throw` stops the loop at this item; in batches the next items would already be running",
  "await-in-head": "the loop head awaits (`{{code}}`), so each step waits for the one before",
  "var-in-loop": "`var {{name}}` is one variable shared by every iteration (and visible after the loop)",
  "ui-action": "`{{code}}` acts on a browser page; run at the same time, actions on one page land in another order (a click before the field it needs exists)",
  "interactive-prompt": "`{{code}}` asks the user a question; run at the same time, several prompts would fight over one terminal",
  "transaction": "runs on a transaction or a single connection (`{{name}}`), whose queries must stay in order",
  "for-await": "`for await` reads an async iterator: the next item only exists once the previous one was consumed",
  "promises-already-running": "the items are promises already running, all at once (`{{code}}`): the loop only collects them in order, and batching it would change nothing",
  "for-await-array": "`for await` over an array (`{{code}}`): its items exist already, but batch-loops rewrites `for…of` loops only; written as `for…of`, the loop can be judged",
  "pagination": "a pagination/cursor loop: each request needs `{{name}}` from the previous response",
  "rate-limit": "awaits a timer (`{{code}}`), so the waiting is on purpose (a delay or rate limiting)",
  "sequential-on-purpose": "a comment says the loop runs one item at a time on purpose (`{{code}}`): it knows something the analysis cannot see, such as a rate limit",
  "shared-create-if-missing": "`{{code}}` creates related rows that do not exist yet (`connectOrCreate`), keyed by values items often share (a tag's name); run at the same time, two items both find none and both create it: one fails on the unique constraint, or a duplicate is made",
  "retry": "a retry loop: it repeats the same work until an attempt succeeds",
  "observed-progress": "the `{{clause}}` of a `try` around the loop reads `{{name}}`, so on failure it sees how far the loop got",
  "loop-shape": "{{detail}}",
  "no-fixed-items": "a `{{kind}}` loop has no list of items known up front; only `for…of`, index `for`, `for…in` and `forEach` loops are batched",
  "not-in-block": "the loop is the direct body of another statement; put it in a block to batch it",
  "inner-loop": "an inner loop awaits too; the inner loop is the one to batch",
  "accumulator-shape": "`{{name}}.push(…)` {{detail}}, so the ordered push cannot be kept",
  "accumulator-escapes": "`{{name}}` is not a local of this function, so code elsewhere could see it filled item by item",
  "not-async": "the enclosing function is not `async`, so the rewrite could not wait for the batch",
  "forEach-args": "{{detail}}",
  // review: rewritten only with --include-review (worded for loops and for runs of awaits alike)
  "known-write": "`{{code}}` writes ({{library}}); run at the same time, several writes may land in a different order",
  "create-if-missing": "`{{code}}` creates a row when none has its key yet (`{{how}}`); run at the same time, two items with the same key both find none: one fails on the unique constraint, or a duplicate is made (fine when every item's key is its own)",
  "unknown-operation": "`{{code}}` ({{library}}) may read or write; check that nothing depends on the order these run in",
  "fs-write": "`{{code}}` writes to the file system; run at the same time, these writes may happen in a different order",
  "schema-change": "`{{code}}` changes the database's schema or runs a migration: these go one after another (a later one may need a table or column an earlier one made, a child table goes before its parent), and DDL locks what it changes",
  "ordered-items": "{{detail}}, and the body does more than read (`{{code}}`); run in batches, the items would not go in that order",
  "ordered-output": "`{{code}}` writes output; run at the same time, lines may come out in a different order",
  "recursive-call": "calls `{{name}}`, the function it is in: every level of the recursion batches again, so the calls running at once multiply with the depth; check that the connection pool and the API allow it",
  "opaque-call": "calls `{{name}}`, whose effects the analysis cannot see; check that it only reads before running it alongside others",
  "forEach-async": "`forEach(async …)` does not wait for its callbacks; the rewrite waits for them and limits how many run at once",
  // parallel-awaits
  "loop-write-named-call": "calls `{{name}}`, whose name says it writes; in batches several of these writes run at the same time and can land in a different order",
  "write-named-call": "calls `{{name}}`, whose name says it writes; run alongside a read, it can change what the read sees",
  "reads-previous-result": "`{{code}}` reads `{{name}}`, the result of an earlier await",
  "runs-despite-guard": "`{{guard}}` is a check that throws to stop what comes after it; run alongside it, `{{code}}` would run even when the check fails (and it does more than read)",
  "mixed-annotations": "only some of these declarations have a type annotation, so one tuple type cannot be written",
  "comments-between": "comments between the awaits would be lost",
  "await-shape": "only consecutive `const`/`let` declarations of one awaited value are combined",
  // cache-wrap
  "cache-write": "`{{code}}` writes ({{library}}); a cache hit would skip the write",
  "cache-unknown-operation": "`{{code}}` ({{library}}) may read or write; a cache hit would skip it if it writes",
  "cache-side-effect": "changes `{{name}}` with `{{code}}`, which lives outside the function; a cache hit would skip that change",
  "cache-unknown-table": "reads through `{{code}}`, and the analysis cannot name every table or collection it reads, so it cannot tell whether the app writes them elsewhere; a cached read could then be stale for the whole TTL",
  "cache-write-named-call": "calls `{{name}}`, whose name says it changes something, and the analysis cannot see into it; a cache hit would skip that call",
  "cache-mutable-state": "reads `{{name}}`, {{detail}}; a cached result would not follow its changes",
  "cache-outer-state": "reads `{{code}}`, {{detail}} that is not in the cache key, so callers that differ in it would share results",
  "cache-returns": "returns {{detail}}, which does not survive the cache (values are copied and frozen, functions and streams cannot be)",
  "cache-fresh-requested": "`{{code}}` asks for an answer no cache has kept (`{{asked}}`): whoever wrote it wants the live one",
  "cache-framework-cached": "`{{code}}` is kept by Next.js's data cache already (`{{how}}`), which the app purges with revalidateTag/revalidatePath; a second cache in front would go on answering after a purge",
  "cache-clock-param": "parameter `{{name}}` defaults to the clock (`{{code}}`): every call that leaves it out has a key of its own, so the cache would never answer one",
  "cache-param": "parameter `{{name}}` is {{detail}}, which cannot be part of a cache key",
  "cache-param-untyped": "parameter `{{name}}` has no type and {{detail}}, so it may not be plain data; add a type (or rename it) to decide",
  "cache-generator": "a generator hands out its values one at a time; they cannot be cached as one result",
  "cache-already-wrapped": "the body already goes through a cache (`{{code}}`)",
  "cache-cached-by-caller": "a caller already caches its result (`{{code}}`); a second cache under that one would outlive its expiry and its resets, under a key without what that cache's key holds",
  "cache-not-async": "the function is not `async` and does not visibly return a promise; wrapping it would change what it returns",
  "cache-shape": "{{detail}}",
  "cache-authorization": "the name says it decides who may do what (`{{word}}`); a cached answer would keep a revoked permission alive for the whole TTL",
  "cache-authorization-call": "calls `{{code}}`, which decides who may do what; a cached answer would keep a revoked permission alive for the whole TTL",
  "cache-whole-row": "reads whole `{{table}}` rows{{fields}} (no {{projection}}), which may hold password hashes, secrets or tokens; the wrap would keep them in the shared cache store for the whole TTL, so select the fields callers need",
  "cache-live-billing": "reads `{{code}}`, billing state that payments, renewals and webhooks change outside the app; a cached copy can show a paid invoice as open, or miss a new one, for the whole TTL",
  "cache-access-check": "checks who may see the result in code (`{{code}}`); a cached answer would skip that check for the whole TTL",
  "cache-membership": "its query checks who belongs (`{{code}}`); a cached answer would keep a removed member's access alive for the whole TTL",
  "cache-secret": "{{detail}}; the wrap would store it in the shared cache store for the whole TTL",
  "cache-one-time-value": "the name says it hands out a one-time value (`{{word}}`); a cache hit would replay an already used one to the next caller",
  "cache-returns-nothing": "returns nothing: it runs for what it does, and a cache hit would skip all of it",
  "cache-in-transaction": "is declared inside a transaction (`{{name}}`); a cached result would skip the transaction's own view of the data",
  "cache-request-scoped": "reads who is calling (`{{code}}`), which the cache key does not hold; one user's answer would be served to the next for the whole TTL",
  "cache-dev-server": "reads a server on this machine or a development server (`{{code}}`), whose answers change as someone works on it: a cached copy would hide each change for the whole TTL",
  "cache-reads-redis": "reads Redis (`{{code}}`), an in-memory store already: a second cache saves little, and its copy stays stale when the app changes the value",
  "cache-reads-clock": "reads the clock or randomness (`{{code}}`), so its answer depends on when it is called; a cached result would keep one moment's answer for the whole TTL",
  "cache-switch-param": "parameter `{{name}}` looks like a switch for fresh data; a cached wrapper would answer from the cache whatever it says",
  "cache-edge-code": "the file is bundled into Edge code ({{detail}}), where the runtime's Node modules (`node:crypto`, `node:fs`) cannot load",
  "cache-client-code": "the file is browser or mobile app code ({{detail}}), and the runtime is for Node servers",
  "cache-test-code": "the file is test code; a cache shared across tests would hand one test's results to the next",
  "cache-written-elsewhere": "reads `{{table}}`, which {{where}} writes; a cached read can return data the app itself has since changed, for the whole TTL",
  "cache-same-repository-writes": "its class or module also writes through `{{client}}` (`{{code}}`), the repository the read goes through: a cached read would hand back rows the app itself has since changed, for the whole TTL",
  "cache-same-class-writes": "its class or module also writes through `{{client}}` (`{{code}}`); a cached read can return data the app itself has since changed, for the whole TTL",
  "cache-polled": "it is polled (`{{code}}`, line {{line}}): its caller waits for the answer to change; a cached answer would not change for the whole TTL",
  "cache-result-changed": "a caller changes the result or hands it to code that may (`{{code}}`, line {{line}}); the cached copy is frozen, so that caller would throw a `TypeError`",
  "cache-read-after-write": "a caller (line {{line}}) wants a newer answer than a cache would give: {{detail}}; a cached answer would stay the same for the whole TTL",
  "cache-read-after-write-elsewhere": "a caller in `{{where}}` wants a newer answer from `{{name}}` than a cache would give: {{detail}}; a cached answer would stay the same for the whole TTL (callers in other files are found by the name they call)",
  "cache-polled-elsewhere": "a caller in `{{where}}` polls its call to `{{name}}` (`{{code}}`), waiting for the answer to change; a cached answer would not change for the whole TTL (callers in other files are found by the name they call)",
  "cache-result-changed-elsewhere": "a caller in `{{where}}` changes the result of its call to `{{name}}` or hands it to code that may (`{{code}}`); the cached copy is frozen, so that caller would throw a `TypeError` (callers in other files are found by the name they call)",
  "cache-swallows-errors": "turns a failure into a result (`{{code}}`); that fallback would be cached for the whole TTL, so check that a cached failure is acceptable",
  // migrate --revert
  "revert-edited": "{{detail}}",
  "revert-no-journal": "{{detail}}",
} as const;

export type ReasonId = keyof typeof REASON_MESSAGES;

export const REVIEW_REASONS: ReadonlySet<ReasonId> = new Set<ReasonId>([
  "recursive-call",
  "known-write",
  "create-if-missing",
  "loop-write-named-call",
  "unknown-operation",
  "fs-write",
  "ordered-output",
  "opaque-call",
  "forEach-async",
  "cache-unknown-operation",
  "cache-write-named-call",
  "cache-unknown-table",
  "cache-live-billing",
  "cache-swallows-errors",
  "cache-same-class-writes",
  "cache-written-elsewhere",
  "cache-whole-row",
  "cache-dev-server",
]);

export interface Reason {
  id: ReasonId;
  message: string;
  /** 1-based line of the code the reason points at, when there is one. */
  line?: number;
}

export function reason(id: ReasonId, data: Record<string, string> = {}, line?: number): Reason {
  // code with backticks of its own (a template literal) is quoted with double backticks, as Markdown does,
  // so that `fetch(`${base}/x`)` does not read as two pieces of code and stray text
  const message = REASON_MESSAGES[id]
    .replace(/`\{\{(\w+)\}\}`/g, (_, key: string) => {
      const value = data[key] ?? "";
      return value.includes("`") ? `\`\` ${value} \`\`` : `\`${value}\``;
    })
    .replace(/\{\{(\w+)\}\}/g, (_, key: string) => data[key] ?? "");
  return line === undefined ? { id, message } : { id, message, line };
}

/** unsafe beats review beats safe. */
export function safetyOf(reasons: readonly Reason[]): Safety {
  if (reasons.some((r) => !REVIEW_REASONS.has(r.id))) return "unsafe";
  if (reasons.length > 0) return "review";
  return "safe";
}

const MORE = / \(and (\d+) more like it\)$/;

/**
 * One reason per id (the first, with "and N more like it" when there were others), unsafe reasons first.
 * Reasons ordered before (a member's, then its group's) keep one count, not a second suffix.
 */
export function orderReasons(reasons: readonly Reason[]): Reason[] {
  const byId = new Map<ReasonId, { first: Reason; base: string; others: Map<string, number> }>();
  for (const r of [...reasons.filter((x) => !REVIEW_REASONS.has(x.id)), ...reasons.filter((x) => REVIEW_REASONS.has(x.id))]) {
    const more = MORE.exec(r.message);
    const base = more ? r.message.slice(0, more.index) : r.message;
    const count = more ? Number(more[1]) : 0;
    const entry = byId.get(r.id);
    if (!entry) byId.set(r.id, { first: r, base, others: new Map([[base, count]]) });
    else entry.others.set(base, Math.max(entry.others.get(base) ?? 0, count));
  }
  return [...byId.values()].map(({ first, base, others }) => {
    // every distinct message besides the first, and what each had already folded in
    let n = others.size - 1;
    for (const count of others.values()) n += count;
    return n > 0 ? { ...first, message: `${base} (and ${n} more like it)` } : { ...first, message: base };
  });
}
