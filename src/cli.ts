// The optimigrate command-line program: commands, global behaviour, exit codes (DESIGN §3).
import { Command, CommanderError } from "commander";
import { COMMANDS } from "./commands/index.js";
import { EXIT, UsageError, describeError } from "./errors.js";
import { TOOL } from "./version.js";

function buildProgram(): Command {
  const program = new Command(TOOL.name)
    .description("Find, estimate and apply caching and batching optimizations in a JavaScript/TypeScript code base.")
    .version(TOOL.version, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.startsWith("error:") ? `optimigrate: ${text}` : text) });
  for (const register of COMMANDS) register(program);
  program.addHelpText(
    "after",
    `
Examples:
  $ optimigrate assess                      find API calls, DB queries and sequential awaits in .
  $ optimigrate assess src --format sarif --output optimigrate.sarif
  $ optimigrate assess --fail-on sequential-await   exit 1 when any is found (CI)

Exit codes: 0 ok, 1 check failed, 2 usage or configuration error, 3 some files could not be read or parsed.`,
  );
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version are "errors" to commander; usage problems have already been printed.
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") return EXIT.ok;
      return EXIT.usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`optimigrate: error: ${error.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`optimigrate: internal error: ${describeError(error)}\n`);
    if (process.env.OPTIMIGRATE_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    else process.stderr.write("optimigrate: set OPTIMIGRATE_DEBUG=1 to see the stack trace\n");
    return EXIT.usage;
  }
}

// `optimigrate migrate --dry-run | head`: the reader has gone away, so stop quietly as other command-line tools do
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(typeof process.exitCode === "number" ? process.exitCode : EXIT.ok);
  });
}

const exitCode = await main(process.argv);
process.exitCode = exitCode;
