// Every codemod `migrate` can run, by name, in the order they run.
import type { Codemod } from "../src/migrate/codemod.js";
import { batchLoops } from "./batch-loops.js";
import { parallelAwaits } from "./parallel-awaits.js";

export const CODEMODS: readonly Codemod[] = [batchLoops, parallelAwaits];

export function codemodByName(name: string): Codemod | undefined {
  return CODEMODS.find((c) => c.name === name);
}
