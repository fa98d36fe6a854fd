// Every command of the CLI, in the order `--help` lists them. Each module adds itself to the program.
import type { Command } from "commander";
import { registerAssess } from "./assess.js";
import { register as estimate } from "./estimate.js";
import { registerMigrate } from "./migrate.js";
import { registerInit } from "./init.js";
import { register as report } from "./report.js";
import { register as tune } from "./tune.js";

export const COMMANDS: ((program: Command) => void)[] = [registerAssess, estimate, registerMigrate, report, tune, registerInit];
