// The project-wide checks of cache-wrap (a table another file writes, a result another file changes, a call another
// file polls) keep, per key, the sites of the first two files that have one (src/scan/first-two-files.ts).

/** The site of `key` in a file other than `file`, if any. */
export function siteElsewhere<T extends { file: string }>(sites: ReadonlyMap<string, readonly T[]>, key: string, file: string | undefined): T | undefined {
  return sites.get(key)?.find((site) => site.file !== file);
}
