// What each codemod is, as plain data (no compiler loaded): `migrate --help`, config checks and the
// README read this; each codemod module spreads its own entry into its definition.
export interface CodemodInfo {
  name: string;
  /** One line: what it rewrites. */
  description: string;
  /** What a rewrite can change, in the user's words. */
  canBreak: string;
}

export const BATCH_LOOPS_INFO: CodemodInfo = {
  name: "batch-loops",
  description: "runs the iterations of independent awaiting loops in batches (Promise.all per slice of batchSize, results in order)",
  canBreak:
    "the items of one batch run at the same time: when one fails, the others of its batch have already started (and may have written their own item), and the error reported is the first to fail in time rather than the first in order; sparse-array holes are skipped by map",
};

export const PARALLEL_AWAITS_INFO: CodemodInfo = {
  name: "parallel-awaits",
  description: "starts consecutive independent awaits together with one Promise.all",
  canBreak:
    "the later calls start before the earlier ones finish: when an earlier call fails, the later ones have already been made, and when several fail the error reported is the first to fail in time rather than the first in the source (two findUniqueOrThrow calls can surface the other one's not-found); awaits that write are never combined",
};

export const CACHE_WRAP_INFO: CodemodInfo = {
  name: "cache-wrap",
  description: "wraps the body of get*/fetch*/calculate*/analyze*/generate* functions that only read (API GET, SDK read, LLM completion, DB select) in the runtime's cached()",
  canBreak:
    "a repeated call within the TTL returns the stored result instead of calling again (data up to ttl seconds old); results are copies, frozen (a caller that mutates one gets a TypeError); a call whose arguments or result are not plain data (class instances such as ORM models, functions) is not cached and returns what the function returned",
};

export const CODEMOD_INFO: readonly CodemodInfo[] = [BATCH_LOOPS_INFO, PARALLEL_AWAITS_INFO, CACHE_WRAP_INFO];
