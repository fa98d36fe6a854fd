// Worker thread: analyses the batches of files the pool sends and posts back their outcomes.
import { parentPort, workerData } from "node:worker_threads";
import { buildCatalog } from "../detect/catalog-index.js";
import { analyzeFile } from "./analyze-file.js";

const { root, libraries } = workerData as { root: string; libraries: Record<string, "api" | "db"> };
const catalog = buildCatalog(libraries);

parentPort!.on("message", async (batch: string[]) => {
  const outcomes = [];
  for (const file of batch) outcomes.push(await analyzeFile(file, root, catalog));
  parentPort!.postMessage(outcomes);
});
