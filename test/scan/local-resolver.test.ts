// The resolver of the project's own modules: what an import names among the run's files.
import { describe, expect, it } from "vitest";
import { createLocalResolver } from "../../src/scan/local-modules.js";

describe("createLocalResolver", () => {
  const files = new Set(["/r/src/lib/index.ts", "/r/src/db.ts", "/r/src/users/service.ts"]);
  const resolve = createLocalResolver(files, { patterns: [{ prefix: "@/", suffix: "", exact: false, targets: ["/r/src/*"] }] });
  it.each([
    ["../db", "/r/src/db.ts"],
    ["../db.js", "/r/src/db.ts"],
    ["@/lib", "/r/src/lib/index.ts"],
    ["@/./lib", "/r/src/lib/index.ts"],
    ["@/users/../db", "/r/src/db.ts"],
    ["axios", undefined],
  ])("%s from src/users → %s", (specifier, expected) => {
    expect(resolve("/r/src/users/service.ts", specifier)).toBe(expected);
  });
});
