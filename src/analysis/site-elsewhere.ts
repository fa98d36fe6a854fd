// The project-wide checks of cache-wrap (a table another file writes, a result another file changes, a call another
// file polls or makes right after a write) keep, per key, the sites of the first two files that have one
// (src/scan/first-two-files.ts).
import { changedElsewhereReason, type ResultChangeSite } from "./cache-result-changed.js";
import { polledElsewhereReason, type PollingSite } from "./cache-polled.js";
import type { WriteBeforeRead } from "./cache-read-after-write.js";
import { reason, type Reason } from "./reasons.js";

/** The site of `key` in a file other than `file`, if any. */
export function siteElsewhere<T extends { file: string }>(sites: ReadonlyMap<string, readonly T[]>, key: string, file: string | undefined): T | undefined {
  return sites.get(key)?.find((site) => site.file !== file);
}

/** Where a file of the project calls a name wanting a newer answer than a cache would give: the file, the read's line, why. */
export interface ReadAfterWriteSite extends WriteBeforeRead {
  file: string;
}

/** What callers in other files do with a call by the function's name, as the reasons cache-wrap and assess both give, in one order. */
export function elsewhereReasons(name: string, sites: { polled?: PollingSite; changed?: ResultChangeSite; readAfterWrite?: ReadAfterWriteSite }, at?: number): Reason[] {
  const { polled, changed, readAfterWrite } = sites;
  return [
    ...(polled ? [polledElsewhereReason(name, polled, at)] : []),
    ...(changed ? [changedElsewhereReason(name, changed, at)] : []),
    ...(readAfterWrite ? [reason("cache-read-after-write-elsewhere", { name, detail: readAfterWrite.detail, where: `${readAfterWrite.file}:${readAfterWrite.line}` }, at)] : []),
  ];
}
