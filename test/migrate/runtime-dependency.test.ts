// The note migrate adds when the rewritten code imports a package that the package.json it lands under does
// not depend on: the import works where the package happens to be hoisted and breaks at install or deploy.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Edit } from "../../src/migrate/codemod.js";
import { describeUndeclared, undeclaredDependencies } from "../../src/migrate/runtime-dependency.js";
import { tempProject } from "../support/temp-project.js";

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.remove());

const importEdit = (specifier: string, style: "import" | "require" = "import"): Edit => ({
  codemod: "cache-wrap",
  start: 0,
  end: 0,
  before: "",
  after: style === "import" ? `import { cached } from "${specifier}";\n` : `const { cached } = require("${specifier}");\n`,
  line: 1,
  safety: "safe",
  reasons: [],
});
const rewrite = (path: string, ...edits: Edit[]) => ({ file: join(project!.root, path), path, edits });

describe("undeclaredDependencies", () => {
  it("names the package.json nearest to each rewritten file that does not list the runtime's package", () => {
    project = tempProject("om-deps-");
    project.write("package.json", JSON.stringify({ name: "shop", dependencies: { express: "^4" } }));
    const missing = undeclaredDependencies(project.root, [rewrite("src/a.ts", importEdit("optimigrate/runtime")), rewrite("src/b.ts", importEdit("optimigrate/runtime", "require"))]);
    expect(missing).toEqual([{ package: "optimigrate", specifier: "optimigrate/runtime", manifest: "package.json", files: ["src/a.ts", "src/b.ts"] }]);
    expect(describeUndeclared(missing[0]!)).toBe(
      "the rewritten code imports `optimigrate/runtime` (src/a.ts, src/b.ts), but package.json does not list optimigrate in its dependencies: add it (`npm install optimigrate`) or pass --cache-module",
    );
    expect(describeUndeclared({ ...missing[0]!, files: ["a.ts", "b.ts", "c.ts", "d.ts", "e.ts"] })).toContain("(a.ts, b.ts, c.ts and 2 more)");
  });

  it("is satisfied by dependencies, peer or optional dependencies, and by the package itself", () => {
    project = tempProject("om-deps-");
    project.write("a/package.json", JSON.stringify({ name: "a", dependencies: { optimigrate: "^1" } }));
    project.write("b/package.json", JSON.stringify({ name: "b", peerDependencies: { optimigrate: "^1" } }));
    project.write("c/package.json", JSON.stringify({ name: "c", optionalDependencies: { "@acme/cache": "^1" } }));
    project.write("d/package.json", JSON.stringify({ name: "optimigrate" }));
    const changes = [rewrite("a/x.ts", importEdit("optimigrate/runtime")), rewrite("b/x.ts", importEdit("optimigrate/runtime")), rewrite("c/x.ts", importEdit("@acme/cache/node")), rewrite("d/src/x.ts", importEdit("optimigrate/runtime"))];
    expect(undeclaredDependencies(project.root, changes)).toEqual([]);
  });

  it("says when the package is only a devDependency, which production installs leave out", () => {
    project = tempProject("om-deps-");
    project.write("packages/api/package.json", JSON.stringify({ name: "@shop/api", devDependencies: { optimigrate: "^1" } }));
    const [missing] = undeclaredDependencies(project.root, [rewrite("packages/api/src/users.ts", importEdit("optimigrate/runtime"))]);
    expect(missing).toMatchObject({ manifest: "packages/api/package.json", listedIn: "devDependencies" });
    expect(describeUndeclared(missing!)).toBe(
      "the rewritten code imports `optimigrate/runtime` (packages/api/src/users.ts) at run time, but packages/api/package.json lists optimigrate only in devDependencies: move it to dependencies (`npm install optimigrate` in packages/api)",
    );
  });

  it("looks past a package.json that only sets the module type, and blames each workspace package on its own", () => {
    project = tempProject("om-deps-");
    project.write("package.json", JSON.stringify({ name: "monorepo", private: true, dependencies: { optimigrate: "^1" } }));
    project.write("packages/web/package.json", JSON.stringify({ name: "web", dependencies: { next: "^15" } }));
    project.write("packages/api/package.json", JSON.stringify({ name: "api", dependencies: { optimigrate: "^1" } }));
    project.write("packages/api/src/esm/package.json", JSON.stringify({ type: "module" }));
    project.write("tools/package.json", JSON.stringify({ type: "module" }));
    const missing = undeclaredDependencies(project.root, [
      rewrite("packages/web/lib/a.ts", importEdit("optimigrate/runtime")),
      rewrite("packages/api/src/esm/b.ts", importEdit("optimigrate/runtime")),
      rewrite("tools/c.ts", importEdit("optimigrate/runtime")),
    ]);
    expect(missing.map((m) => [m.manifest, m.files])).toEqual([["packages/web/package.json", ["packages/web/lib/a.ts"]]]);
  });

  it("leaves alone a cache module given as a path, a subpath alias and Node's own modules", () => {
    project = tempProject("om-deps-");
    project.write("package.json", JSON.stringify({ name: "shop" }));
    const changes = [rewrite("src/a.ts", importEdit("../cache.js"), importEdit("#cache"), importEdit("node:crypto"), importEdit("/abs/cache.js"))];
    expect(undeclaredDependencies(project.root, changes)).toEqual([]);
  });

  it("leaves alone the project's own tsconfig path aliases and Node's modules without their node: prefix", () => {
    project = tempProject("om-deps-");
    project.write("package.json", JSON.stringify({ name: "shop" }));
    project.write("tsconfig.json", `{\n  // aliases of the app's own folders\n  "compilerOptions": { "paths": { "@app/*": ["./src/*"], "src/lib/cache": ["./src/lib/cache.ts"], }, },\n}\n`);
    const changes = [rewrite("src/a.ts", importEdit("@app/cache"), importEdit("src/lib/cache"), importEdit("fs"), importEdit("optimigrate/runtime"))];
    expect(undeclaredDependencies(project.root, changes).map((m) => m.specifier)).toEqual(["optimigrate/runtime"]);
  });

  it("counts only imports the rewrite adds: a name merged into an import the file already had needs nothing new", () => {
    project = tempProject("om-deps-");
    project.write("package.json", JSON.stringify({ name: "shop" }));
    const merged: Edit = { ...importEdit("optimigrate/runtime"), before: `import { mapBatched } from "optimigrate/runtime";\n`, after: `import { cached, mapBatched } from "optimigrate/runtime";\n`, end: 50 };
    expect(undeclaredDependencies(project.root, [rewrite("src/a.ts", merged)])).toEqual([]);
  });
});
