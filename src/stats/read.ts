// Where report, tune and estimate --stats get runtime stats: snapshot files (merged) or the shared Redis counters.
import { readFile } from "node:fs/promises";
import { UsageError } from "../errors.js";
import { mergeSnapshots, parseSnapshot, type StatsSnapshot } from "./snapshot.js";
import { readSharedStats } from "./redis-layout.js";

/** Reads and checks each snapshot file; several are merged as the instances of one deployment. */
export async function readStatsFiles(files: readonly string[]): Promise<StatsSnapshot> {
  if (files.length === 0) throw new UsageError("no stats files given");
  const snapshots: StatsSnapshot[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read stats file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    let value: unknown;
    try {
      value = JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch (error) {
      throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
    }
    try {
      snapshots.push(parseSnapshot(value, file));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  const merged = mergeSnapshots(snapshots);
  return files.length === 1 ? { ...merged, source: merged.source ?? files[0] } : { ...merged, source: files.join(", ") };
}

/** A URL safe to print: without its password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url;
  }
}

/** Reads every prefix's counters from the runtime's shared Redis layout (see redis-layout.ts) as one snapshot. */
export async function readStatsFromRedis(url: string, namespace: string, options: { timeoutMs?: number } = {}): Promise<StatsSnapshot> {
  if (!/^rediss?:\/\//.test(url)) throw new UsageError(`--redis must be a redis:// or rediss:// URL, not "${redactUrl(url)}"`);
  const { Redis } = await import("ioredis");
  const timeoutMs = options.timeoutMs ?? 5000;
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  client.on("error", (error: Error) => {
    lastError = error;
  });
  try {
    try {
      await client.connect();
    } catch (error) {
      // ioredis rejects with "Connection is closed."; the socket's own error says why.
      const cause = (lastError ?? error) as NodeJS.ErrnoException;
      const reason = cause.code ?? cause.message;
      throw new UsageError(`cannot connect to Redis at ${redactUrl(url)}: ${reason}`);
    }
    // The period starts at the earliest `since` the instances stamped on the hashes and ends now.
    const snapshot = await readSharedStats(client, namespace);
    return { ...snapshot, source: `${redactUrl(url)} (namespace ${namespace})` };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read stats from Redis at ${redactUrl(url)}: ${(error as Error).message}`);
  } finally {
    client.disconnect();
  }
}
