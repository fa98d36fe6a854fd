// Spreads file analysis over worker threads for big repos; small ones run in-process (start-up costs more).
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { buildCatalog } from "../detect/catalog-index.js";
import { analyzeFile, type FileOutcome, type FileTask } from "./analyze-file.js";
import { createLocalResolver, localModuleTest, projectTop, type PathAliases } from "./local-modules.js";

export interface PoolOptions {
  root: string;
  libraries: Record<string, "api" | "db">;
  aliases: PathAliases;
  /** 0 = in-process; undefined = decide from the file count and the cores. */
  workers?: number;
  onOutcome?: (outcome: FileOutcome, done: number, total: number) => void;
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

export async function analyzeAll(files: FileTask[], options: PoolOptions): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = new Array(files.length);
  let done = 0;
  const record = (index: number, outcome: FileOutcome): void => {
    outcomes[index] = outcome;
    done++;
    options.onOutcome?.(outcome, done, files.length);
  };
  const count = workerCount(files.length, options.workers);
  if (count === 0) {
    const catalog = buildCatalog(options.libraries);
    const isLocal = localModuleTest(options.aliases);
    const resolveModule = createLocalResolver(new Set(), options.aliases, projectTop(options.root));
    for (let i = 0; i < files.length; i++) record(i, await analyzeFile(files[i]!, options.root, catalog, isLocal, resolveModule));
    return outcomes;
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(workerScript, { workerData: { root: options.root, libraries: options.libraries, aliases: options.aliases } });
        let current: number[] = [];
        const feed = (): void => {
          if (next >= files.length) {
            void worker.terminate().then(() => resolve());
            return;
          }
          current = [];
          for (let i = 0; i < BATCH && next < files.length; i++) current.push(next++);
          worker.postMessage(current.map((i) => files[i]!));
        };
        worker.on("message", (results: FileOutcome[]) => {
          results.forEach((outcome, i) => record(current[i]!, outcome));
          feed();
        });
        worker.on("error", reject);
        feed();
      }),
    ),
  );
  return outcomes;
}
