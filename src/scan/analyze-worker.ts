// Worker thread: analyses the batches of files the pool sends and posts back their outcomes.
import { parentPort, workerData } from "node:worker_threads";
import { buildCatalog } from "../detect/catalog-index.js";
import { analyzeFile, type FileTask } from "./analyze-file.js";
import { createLocalResolver, localModuleTests, type PathAliases } from "./local-modules.js";
import type { PrismaRelations } from "../analysis/prisma-schema.js";

const { root, libraries, aliases, prisma } = workerData as { root: string; libraries: Record<string, "api" | "db">; aliases: PathAliases; prisma?: PrismaRelations };
const catalog = buildCatalog(libraries);
const isLocalFor = localModuleTests(aliases);
const resolveModule = createLocalResolver(new Set(), aliases, aliases.projectTop);

parentPort!.on("message", async (batch: FileTask[]) => {
  const outcomes = [];
  for (const task of batch) outcomes.push(await analyzeFile(task, root, catalog, isLocalFor(task.file), resolveModule, prisma));
  parentPort!.postMessage(outcomes);
});
