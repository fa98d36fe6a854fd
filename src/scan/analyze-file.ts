// Reads, parses and runs the detectors on one file. Used in-process and inside worker threads.
import { readFile } from "node:fs/promises";
import type { Finding } from "../findings.js";
import type { Catalog } from "../detect/evaluate.js";
import { detectFile } from "../detect/detect-file.js";
import { displayPath } from "./discover.js";
import { parseSource } from "./parse.js";

export type FileOutcome =
  | { file: string; status: "scanned"; findings: Finding[] }
  | { file: string; status: "skipped"; reason: string }
  | { file: string; status: "failed"; message: string };

/** Larger files are generated or bundled code nobody migrates by hand. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

function looksMinified(text: string): boolean {
  if (text.length < 20_000) return false;
  const lines = text.split("\n", 50);
  return lines.some((line) => line.length > 5_000);
}

export async function analyzeFile(absPath: string, root: string, catalog: Catalog): Promise<FileOutcome> {
  const file = displayPath(root, absPath);
  let text: string;
  try {
    const buffer = await readFile(absPath);
    if (buffer.length > MAX_FILE_BYTES) return { file, status: "skipped", reason: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` };
    text = buffer.toString("utf8");
  } catch (error) {
    return { file, status: "failed", message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  if (looksMinified(text)) return { file, status: "skipped", reason: "minified or generated (very long lines)" };
  const { sourceFile, syntaxErrors } = parseSource(absPath, text);
  if (syntaxErrors.length) {
    const more = syntaxErrors.length > 1 ? ` (and ${syntaxErrors.length - 1} more)` : "";
    return { file, status: "failed", message: `syntax error at ${syntaxErrors[0]}${more}` };
  }
  return { file, status: "scanned", findings: detectFile(sourceFile, { fileLabel: file, catalog }).findings };
}
