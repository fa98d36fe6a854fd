// Where a command's rendered result goes: stdout, or a file written atomically with --output.
import { writeFileAtomic } from "../fs/atomic-write.js";
import { UsageError } from "../errors.js";

export async function emit(text: string, outputFile?: string): Promise<void> {
  const body = text.endsWith("\n") ? text : `${text}\n`;
  if (!outputFile) {
    process.stdout.write(body);
    return;
  }
  try {
    await writeFileAtomic(outputFile, body);
  } catch (error) {
    throw new UsageError(`cannot write ${outputFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** `--json` is shorthand for `--format json`; the two must not disagree. */
export function chooseFormat<F extends string>(
  options: { format?: string; json?: boolean },
  allowed: readonly F[],
  fallback: F,
): F {
  if (options.json) {
    if (options.format && options.format !== "json") throw new UsageError(`--json conflicts with --format ${options.format}`);
    return "json" as F;
  }
  const format = options.format ?? fallback;
  if (!allowed.includes(format as F)) throw new UsageError(`unknown format "${format}" (expected ${allowed.join(", ")})`);
  return format as F;
}
