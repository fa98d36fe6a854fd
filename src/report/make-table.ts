// cli-table3 tables whose colours come from our chalk instance only (so NO_COLOR / FORCE_COLOR hold).
import Table from "cli-table3";
import type { ChalkInstance } from "chalk";

export function makeTable(color: ChalkInstance, head: string[], colAligns?: ("left" | "right")[]): Table.Table {
  return new Table({
    head: head.map((h) => color.bold(h)),
    // cli-table3 colours heads and borders through its own library unless told not to.
    style: { head: [], border: [], "padding-left": 1, "padding-right": 1, compact: true },
    ...(colAligns ? { colAligns } : {}),
    wordWrap: true,
  });
}
