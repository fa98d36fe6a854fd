// Spreads file analysis over worker threads for big repos; small ones run in-process (start-up costs more).
// One analyzer serves a whole run: the cross-file passes call it several times, and its workers (each with its
// own TypeScript compiler) start once.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { buildCatalog } from "../detect/catalog-index.js";
import { analyzeFile, type FileOutcome, type FileTask } from "./analyze-file.js";
import { createLocalResolver, localModuleTests, type PathAliases } from "./local-modules.js";
import type { PrismaRelations } from "../analysis/prisma-schema.js";

export interface PoolOptions {
  root: string;
  libraries: Record<string, "api" | "db">;
  aliases: PathAliases;
  /** 0 = in-process; undefined = decide from the file count and the cores. */
  workers?: number;
  /** The project's Prisma schema, read once per run (src/scan/prisma-schema-files.ts). */
  prisma?: PrismaRelations;
}

export type OutcomeListener = (outcome: FileOutcome, done: number, total: number) => void;

export interface Analyzer {
  /** Outcomes in the order of `tasks`. */
  analyze(tasks: FileTask[], onOutcome?: OutcomeListener): Promise<FileOutcome[]>;
  /** Stops the workers; the analyzer is not used afterwards. */
  close(): Promise<void>;
}

const WORKER_THRESHOLD = 400;
const BATCH = 64;
const workerScript = new URL("./analyze-worker.js", import.meta.url);

function workerCount(files: number, requested: number | undefined): number {
  if (requested !== undefined) return requested;
  // Under vitest this module runs from TypeScript source and there is no compiled worker to start.
  if (files < WORKER_THRESHOLD || !existsSync(fileURLToPath(workerScript))) return 0;
  // Each worker loads its own TypeScript compiler (~0.4 s) and the main thread needs a core to feed them:
  // measured on a 2-core machine, two workers took 7.2 s where one thread took 5.2 s. Threads only pay
  // when at least two cores are left for them.
  const count = Math.min(availableParallelism() - 1, 8, Math.ceil(files / BATCH));
  return count >= 2 ? count : 0;
}

/** An analyzer for a run of about `expectedFiles` files (which decides whether worker threads pay). */
export function createAnalyzer(options: PoolOptions, expectedFiles: number): Analyzer {
  const count = workerCount(expectedFiles, options.workers);
  return count === 0 ? inProcessAnalyzer(options) : workerAnalyzer(options, count);
}

function inProcessAnalyzer(options: PoolOptions): Analyzer {
  const catalog = buildCatalog(options.libraries);
  const isLocalFor = localModuleTests(options.aliases);
  const resolveModule = createLocalResolver(new Set(), options.aliases, options.aliases.projectTop);
  return {
    async analyze(tasks, onOutcome) {
      const outcomes: FileOutcome[] = new Array(tasks.length);
      for (let i = 0; i < tasks.length; i++) {
        outcomes[i] = await analyzeFile(tasks[i]!, options.root, catalog, isLocalFor(tasks[i]!.file), resolveModule, options.prisma);
        onOutcome?.(outcomes[i]!, i + 1, tasks.length);
      }
      return outcomes;
    },
    async close() {},
  };
}

function workerAnalyzer(options: PoolOptions, count: number): Analyzer {
  let workers: Worker[] | undefined;
  const workerData = { root: options.root, libraries: options.libraries, aliases: options.aliases, prisma: options.prisma };
  return {
    analyze(tasks, onOutcome) {
      // a worker's error between calls (after a failed one) must not crash the process: the call in progress hears it
      const start = (): Worker => new Worker(workerScript, { workerData }).on("error", () => undefined);
      const pool = (workers ??= Array.from({ length: count }, start));
      const outcomes: FileOutcome[] = new Array(tasks.length);
      if (tasks.length === 0) return Promise.resolve(outcomes);
      return new Promise((resolve, reject) => {
        let next = 0;
        let done = 0;
        const detach: (() => void)[] = [];
        let settled = false;
        const finish = (error?: unknown): void => {
          if (settled) return;
          settled = true;
          for (const off of detach) off();
          if (!error) return resolve(outcomes);
          // the other workers may still answer this call: they are stopped, and the next call starts new ones
          workers = undefined;
          void Promise.all(pool.map((w) => w.terminate())).catch(() => undefined);
          reject(error);
        };
        for (const worker of pool) {
          let current: number[] = [];
          const feed = (): void => {
            current = [];
            for (let i = 0; i < BATCH && next < tasks.length; i++) current.push(next++);
            if (current.length) worker.postMessage(current.map((i) => tasks[i]!));
          };
          const onMessage = (results: FileOutcome[]): void => {
            results.forEach((outcome, i) => {
              outcomes[current[i]!] = outcome;
              done++;
              onOutcome?.(outcome, done, tasks.length);
            });
            if (done === tasks.length) finish();
            else feed();
          };
          const onExit = (code: number): void => finish(new Error(`an analysis worker stopped (exit code ${code})`));
          worker.on("message", onMessage);
          worker.on("error", finish);
          worker.on("exit", onExit);
          detach.push(() => {
            worker.off("message", onMessage);
            worker.off("error", finish);
            worker.off("exit", onExit);
          });
          feed();
        }
      });
    },
    async close() {
      await Promise.all((workers ?? []).map((w) => w.terminate()));
      workers = undefined;
    },
  };
}
