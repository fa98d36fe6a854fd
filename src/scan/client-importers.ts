// Files only front-end code imports: a cacheable read there runs in the browser (a layout's useEffect calls
// `getLatestAnnouncement()` from `lib/client/`), where the runtime's Node modules cannot go. Decided over the whole
// run, from each file's text (src/analysis/client-code.ts sideOfText) and the run's files it imports. A file that
// says it is server code (`"use server"`, `import "server-only"`) is never one, and neither is a file nothing in the
// run imports, or one a test or any other file imports.
import type { TextScan } from "./cross-file.js";
import { displayPath } from "./discover.js";

export interface ImportScan {
  /** What a file's text showed, with the run's files it imports: give it to analyzeProjectFiles' onScan. */
  onScan(file: string, scan: TextScan, imports: readonly string[]): void;
  /** Per file (from the root) only front-end code imports: why, for the cache-client-code reason. */
  clientOnlyFiles(): Map<string, string>;
}

export function importScan(root: string): ImportScan {
  const sides = new Map<string, TextScan["side"]>();
  const importers = new Map<string, string[]>();
  return {
    onScan(file, scan, imports) {
      sides.set(file, scan.side);
      for (const target of imports) {
        if (target === file) continue;
        const list = importers.get(target);
        if (list) list.push(file);
        else importers.set(target, [file]);
      }
    },
    clientOnlyFiles() {
      const found = new Map<string, string>();
      for (const [file, by] of importers) {
        const own = sides.get(file);
        if (own !== undefined) continue; // front end itself (its own verdict says so) or server by its own say-so
        const clients = by.map((importer) => sides.get(importer));
        if (!clients.every((side) => typeof side === "object")) continue;
        const why = (clients[0] as { client: string }).client;
        const which = why.startsWith("it ") ? why.slice(3) : `says ${why}`;
        const more = by.length > 1 ? `, and ${by.length - 1} more like it` : "";
        found.set(displayPath(root, file), `only front-end code imports it: \`${displayPath(root, by[0]!)}\`, which ${which}${more}`);
      }
      return found;
    },
  };
}
