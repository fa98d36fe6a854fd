// Every command of the CLI, in the order `--help` lists them. Each module adds itself to the program.
import type { Command } from "commander";
import { register as estimate } from "./estimate.js";

export const COMMANDS: ((program: Command) => void)[] = [estimate];
