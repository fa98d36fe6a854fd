// Exit codes of the CLI contract (DESIGN §3) and the errors that map onto them.

export const EXIT = {
  ok: 0,
  checkFailed: 1,
  usage: 2,
  partial: 3,
} as const;

/** Bad flags, bad config, bad input file: printed as one line, exit 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
