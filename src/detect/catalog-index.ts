// Looks up catalog entries by module specifier (built-in libraries plus those named in the config).
import type { LibraryEntry } from "./catalog.js";
import type { Catalog } from "./evaluate.js";
import { BUILTIN_LIBRARIES, configuredLibrary } from "./libraries/index.js";

export function buildCatalog(extra: Record<string, "api" | "db"> = {}): Catalog {
  const entries: LibraryEntry[] = [
    ...Object.entries(extra).map(([module, kind]) => configuredLibrary(module, kind)),
    ...BUILTIN_LIBRARIES,
  ];
  const byModule = new Map<string, LibraryEntry | undefined>();
  const globals = new Map<string, { entry: LibraryEntry; role: string }>();
  for (const entry of entries) {
    for (const [name, role] of Object.entries(entry.globals ?? {})) if (!globals.has(name)) globals.set(name, { entry, role });
  }
  const byName = new Map<string, LibraryEntry>();
  for (const entry of entries) if (!byName.has(entry.name)) byName.set(entry.name, entry);
  return {
    globals,
    entryNamed: (name) => byName.get(name),
    entryFor(module: string): LibraryEntry | undefined {
      if (byModule.has(module)) return byModule.get(module);
      const bare = module.startsWith("node:") ? undefined : module;
      const entry = bare === undefined ? undefined : entries.find((e) => e.modules.some((m) => (typeof m === "string" ? m === bare : m.test(bare))));
      byModule.set(module, entry);
      return entry;
    },
  };
}
