// Every command of the CLI, in the order `--help` lists them. Each module adds itself to the program.
import type { Command } from "commander";
import { registerAssess } from "./assess.js";
import { registerMigrate } from "./migrate.js";
import { registerInit } from "./init.js";

export const COMMANDS: ((program: Command) => void)[] = [registerAssess, registerMigrate, registerInit];
