// Two wrapped functions never share cache entries: a prefix another file of the run uses — or already used in
// an earlier migration — is qualified by the file's path.
import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CODEMODS } from "../../codemods/index.js";
import { planMigration } from "../../src/migrate/plan.js";
import { existingPrefixes } from "../../src/migrate/cache-prefixes.js";

const service = (name: string) => `import axios from "axios";\n\nexport async function ${name}(id: string) {\n  const { data } = await axios.get(\`/users/\${id}\`);\n  return data;\n}\n`;
const wrapped = `import { cached } from "optimigrate/runtime";\nimport axios from "axios";\n\nexport async function getUser(id: string) {\n  return cached("user", [id], { ttl: 300 }, async () => {\n    const { data } = await axios.get(\`/u/\${id}\`);\n    return data;\n  });\n}\n`;

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function prefixesByFile(files: Record<string, string>): Promise<Record<string, string[]>> {
  dir = mkdtempSync(join(tmpdir(), "optimigrate-prefixes-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const plan = await planMigration({
    root: dir,
    paths: [dir],
    codemods: CODEMODS.filter((c) => c.name === "cache-wrap"),
    batchSize: 10,
    batchStyle: "slices",
    cacheModule: "optimigrate/runtime",
    includeReview: false,
    workers: 0,
  });
  const written = plan.files.map((f) => [f.path, f.edits.filter((e) => e.codemod === "cache-wrap").flatMap((e) => existingPrefixes(e.after))] as const);
  return Object.fromEntries(written.filter(([, prefixes]) => prefixes.length > 0));
}

describe("cache prefixes across files", () => {
  it("keeps the plain prefix for the first file and qualifies the others", async () => {
    const result = await prefixesByFile({ "src/a.ts": service("getUser"), "src/b.ts": service("getUser"), "src/c.ts": service("fetchUser") });
    expect(result).toEqual({ "src/a.ts": ["user"], "src/b.ts": ["src/b.user"], "src/c.ts": ["src/c.user"] });
  });

  it("never reuses a prefix an earlier migration wrote in another file", async () => {
    const result = await prefixesByFile({ "src/a.ts": service("getUser"), "src/old.ts": wrapped });
    expect(result).toEqual({ "src/a.ts": ["src/a.user"] });
  });

  it("leaves distinct prefixes alone", async () => {
    const result = await prefixesByFile({ "src/a.ts": service("getUser"), "src/b.ts": service("getOrder") });
    expect(result).toEqual({ "src/a.ts": ["user"], "src/b.ts": ["order"] });
  });
});
