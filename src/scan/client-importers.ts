// Files that front-end or Edge code imports: a module a client component or an Edge route imports, directly or
// through other modules, is bundled with it, and the runtime's Node modules (`node:crypto`, `node:fs`) cannot load
// there: the bundle breaks, or a read meant for the server runs in the browser (a layout's useEffect calls
// `getLatestAnnouncement()` from `lib/client/`). Decided over the whole run, from each file's text
// (src/analysis/client-code.ts sideOfText) and the run's files it imports for values (`import type` bundles nothing).
// A file that says it is server code (`"use server"`, `import "server-only"`) is no part of such a bundle: a server
// action reaches the browser as a reference, and its imports stay on the server.
import type { TextScan } from "./cross-file.js";
import { displayPath } from "./discover.js";
import type { ReasonId } from "../analysis/reasons.js";

/** Why a file ends up in a front-end or Edge bundle: the reason and its detail. */
export interface BundleVerdict {
  id: Extract<ReasonId, "cache-client-code" | "cache-edge-code">;
  detail: string;
}

export interface ImportScan {
  /** What a file's text showed, with the run's files it imports for values: give it to analyzeProjectFiles' onScan. */
  onScan(file: string, scan: TextScan, imports: readonly string[]): void;
  /** Per file (from the root) that front-end or Edge code imports and does not say so itself: why. */
  bundledFiles(): Map<string, BundleVerdict>;
}

export function importScan(root: string): ImportScan {
  const sides = new Map<string, TextScan["side"]>();
  const importsOf = new Map<string, readonly string[]>();
  return {
    onScan(file, scan, imports) {
      sides.set(file, scan.side);
      importsOf.set(file, imports);
    },
    bundledFiles() {
      const found = new Map<string, BundleVerdict>();
      // Edge first: its reason is the more precise where both reach a file; one walk per kind from all its files at once
      for (const kind of ["edge", "client"] as const) {
        const seen = new Set<string>();
        const queue: { file: string; origin: string; via?: string }[] = [];
        for (const [origin, side] of sides) {
          if (typeof side !== "object" || !(kind in side)) continue;
          seen.add(origin);
          for (const file of importsOf.get(origin) ?? []) queue.push({ file, origin });
        }
        for (let i = 0; i < queue.length; i++) {
          const { file, origin, via } = queue[i]!;
          if (seen.has(file)) continue;
          seen.add(file);
          const side = sides.get(file);
          if (side === "server") continue;
          const shown = displayPath(root, file);
          if (side === undefined && !found.has(shown)) found.set(shown, verdict(kind, displayPath(root, origin), (sides.get(origin) as Record<string, string>)[kind]!, via && displayPath(root, via)));
          for (const next of importsOf.get(file) ?? []) if (!seen.has(next)) queue.push({ file: next, origin, via: via ?? file });
        }
      }
      return found;
    },
  };
}

function verdict(kind: "edge" | "client", origin: string, why: string, via: string | undefined): BundleVerdict {
  const which = why.startsWith("it ") ? why.slice(3) : `says ${why}`;
  const through = via ? `, through \`${via}\`` : "";
  const who = kind === "edge" ? "Edge code" : "front-end code";
  return { id: kind === "edge" ? "cache-edge-code" : "cache-client-code", detail: `${who} imports it: \`${origin}\`, which ${which}${through}` };
}
