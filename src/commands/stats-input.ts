// The stats source flags that report and tune share: snapshot files (--stats, repeatable) or shared counters (--redis).
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { DEFAULT_NAMESPACE } from "../stats/redis-layout.js";
import { readStatsFiles, readStatsFromRedis } from "../stats/read.js";
import type { StatsSnapshot } from "../stats/snapshot.js";
import { collect } from "./options.js";

export interface StatsSourceOptions {
  stats?: string[];
  redis?: string;
  namespace?: string;
}

export function addStatsSourceOptions(command: Command): Command {
  return command
    .option("--stats <file>", "runtime stats snapshot (repeatable: several instances' snapshots are merged)", collect)
    .option("--redis <url>", "read the runtime's shared counters from Redis (redis://…)")
    .option("--namespace <name>", `key namespace of the shared counters (default ${DEFAULT_NAMESPACE})`);
}

export async function loadStats(options: StatsSourceOptions): Promise<StatsSnapshot> {
  const files = options.stats ?? [];
  if (files.length > 0 && options.redis) throw new UsageError("give either --stats or --redis, not both");
  if (options.namespace !== undefined && !options.redis) throw new UsageError("--namespace only applies with --redis");
  if (options.redis) return readStatsFromRedis(options.redis, options.namespace ?? DEFAULT_NAMESPACE);
  if (files.length === 0) throw new UsageError("no stats to read: give --stats FILE (a runtime stats snapshot) or --redis URL");
  return readStatsFiles(files);
}
