// Which files a scan looks at: extensions, .gitignore, dependencies, build output, declarations, globs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { execFileSync } from "node:child_process";
import { discoverFiles } from "../../src/scan/discover.js";
import { UsageError } from "../../src/errors.js";

let root: string;
const files = [
  "src/a.ts", "src/b.tsx", "src/c.mts", "src/d.cts", "src/e.js", "src/f.jsx", "src/g.mjs", "src/h.cjs",
  "src/types.d.ts", "src/readme.md", "src/data.json",
  "node_modules/lib/index.js", "dist/out.js", "build/x.js", ".next/y.js", "coverage/z.js",
  "vendor.min.js", "generated/client.ts", "ignored-by-git.ts", "test/a.test.ts",
];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "optimigrate-discover-"));
  for (const file of files) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await writeFile(join(root, file), "export {};\n");
  }
  await writeFile(join(root, ".gitignore"), "generated/\nignored-by-git.ts\n");
});
afterAll(() => rm(root, { recursive: true, force: true }));

const list = async (options: Partial<Parameters<typeof discoverFiles>[0]> = {}) =>
  (await discoverFiles({ root, paths: [root], ...options })).map((f) => relative(root, f));

describe("discoverFiles", () => {
  it("takes the eight source extensions and skips the rest", async () => {
    expect(await list()).toEqual(["src/a.ts", "src/b.tsx", "src/c.mts", "src/d.cts", "src/e.js", "src/f.jsx", "src/g.mjs", "src/h.cjs", "test/a.test.ts"]);
  });

  it("narrows with include and exclude globs", async () => {
    expect(await list({ include: ["src/**/*.ts"] })).toEqual(["src/a.ts"]);
    expect(await list({ exclude: ["**/*.test.ts", "src/*.js*"] })).toEqual(["src/a.ts", "src/b.tsx", "src/c.mts", "src/d.cts", "src/g.mjs", "src/h.cjs"]);
  });

  it("accepts a file given explicitly, even one .gitignore lists", async () => {
    expect(await list({ paths: ["ignored-by-git.ts"] })).toEqual(["ignored-by-git.ts"]);
  });

  it("rejects a missing path or a non-source file as a usage error", async () => {
    await expect(discoverFiles({ root, paths: ["nope"] })).rejects.toBeInstanceOf(UsageError);
    await expect(discoverFiles({ root, paths: ["src/readme.md"] })).rejects.toThrow(/not a JavaScript or TypeScript file/);
  });
});

describe("discoverFiles inside a git work tree (listed by git)", () => {
  let repo: string;
  beforeAll(async () => {
    repo = await mkdtemp(join(tmpdir(), "optimigrate-discover-git-"));
    for (const file of [...files, "src/deleted.ts"]) {
      await mkdir(dirname(join(repo, file)), { recursive: true });
      await writeFile(join(repo, file), "export {};\n");
    }
    await writeFile(join(repo, ".gitignore"), "generated/\nignored-by-git.ts\n");
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "ignore" });
    git("init", "-q");
    // Tracked before it was ignored: still ignored for scanning, as with the directory walk.
    git("add", "-f", "generated/client.ts", "src/a.ts", "src/deleted.ts");
    await rm(join(repo, "src/deleted.ts"));
  });
  afterAll(() => rm(repo, { recursive: true, force: true }));

  it("finds the same files as the directory walk", async () => {
    const found = (await discoverFiles({ root: repo, paths: [repo] })).map((f) => relative(repo, f));
    expect(found).toEqual(["src/a.ts", "src/b.tsx", "src/c.mts", "src/d.cts", "src/e.js", "src/f.jsx", "src/g.mjs", "src/h.cjs", "test/a.test.ts"]);
  });

  it("applies include and exclude the same way", async () => {
    const found = (await discoverFiles({ root: repo, paths: ["src"], exclude: ["**/*.js*"] })).map((f) => relative(repo, f));
    expect(found).toEqual(["src/a.ts", "src/b.tsx", "src/c.mts", "src/d.cts", "src/g.mjs", "src/h.cjs"]);
  });
});
