// Whether a folder holds a name, from one listing per folder: resolving an import tries a dozen candidate names
// (`x.ts`, `x.tsx`, `x/index.ts`, …), and most are no file at all. Names compare as the folder lists them
// (case-sensitively, also on a case-insensitive disk).
import { readdirSync } from "node:fs";
import { basename, dirname } from "node:path";

/** A test of whether a path's folder lists its name; the folders are listed once each, when first asked. */
export function folderListings(): (path: string) => boolean {
  const listings = new Map<string, ReadonlySet<string>>();
  return (path) => {
    const dir = dirname(path);
    let names = listings.get(dir);
    if (!names) {
      try {
        names = new Set(readdirSync(dir));
      } catch {
        names = new Set();
      }
      listings.set(dir, names);
    }
    return names.has(basename(path));
  };
}
