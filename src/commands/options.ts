// Option parsing shared by commands: numbers with ranges, repeatable flags, JSON input files; problems are usage errors.
import { readFile } from "node:fs/promises";
import { InvalidArgumentError } from "commander";
import { Chalk, type ChalkInstance } from "chalk";
import { UsageError } from "../errors.js";
import { detectTerminal } from "../terminal.js";

type NumberRule = "fraction" | "positive" | "non-negative" | "integer";

/** A commander argument parser for a number; "70%" is accepted for fractions. */
export function numberOption(rule: NumberRule): (value: string) => number {
  return (raw: string) => {
    const text = raw.trim();
    const percent = rule === "fraction" && text.endsWith("%");
    const n = Number(percent ? text.slice(0, -1) : text.replace(/_/g, ""));
    if (text === "" || !Number.isFinite(n)) throw new InvalidArgumentError("must be a number.");
    const value = percent ? n / 100 : n;
    switch (rule) {
      case "fraction":
        if (value < 0 || value > 1) throw new InvalidArgumentError("must be between 0 and 1 (or 0% and 100%).");
        break;
      case "positive":
        if (value <= 0) throw new InvalidArgumentError("must be greater than 0.");
        break;
      case "non-negative":
        if (value < 0) throw new InvalidArgumentError("must not be negative.");
        break;
      case "integer":
        if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError("must be a whole number of at least 1.");
        break;
    }
    return value;
  };
}

/** For repeatable flags that may also list several values at once: `--exclude a,b --exclude c`. */
export function collectList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...splitOutsideBraces(value).map((v) => v.trim()).filter(Boolean)];
}

/** `a,b` -> `a`, `b`; a comma inside a glob's braces stays: `src/*.{test,spec}.ts` is one glob. */
export function splitOutsideBraces(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === "{") depth++;
    else if (ch === "}" && depth > 0) depth--;
    else if (ch === "," && depth === 0) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

/** For repeatable flags whose values are kept whole (file names may hold commas): `--stats a.json --stats b.json`. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Reads a JSON input file named on the command line; every failure is one line and exit 2. */
export async function readJsonFile(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new UsageError(`${what} ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Colours for the terminal; none in a file written with --output unless FORCE_COLOR asks. */
export function outputColor(outputFile: string | undefined): ChalkInstance {
  const term = detectTerminal();
  if (!outputFile) return term.color;
  const force = process.env.FORCE_COLOR;
  return force && force !== "0" && force !== "false" ? term.color : new Chalk({ level: 0 });
}

