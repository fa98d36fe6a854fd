// The tool's own name and version, read once from package.json (from src/ under tests, dist/src/ when built).
import { existsSync, readFileSync } from "node:fs";

function readOwnPackage(): { name: string; version: string } {
  for (const rel of ["../package.json", "../../package.json"]) {
    const url = new URL(rel, import.meta.url);
    if (!existsSync(url)) continue;
    const pkg = JSON.parse(readFileSync(url, "utf8")) as { name?: string; version?: string };
    if (pkg.name === "optimigrate" && pkg.version) return { name: pkg.name, version: pkg.version };
  }
  throw new Error("optimigrate: cannot find its own package.json");
}

export const TOOL = readOwnPackage();
