// Where a run finds the project's Prisma schema: any `*.prisma` file of the project (the run's root, the repository or
// workspace around it), package.json's `"prisma": { "schema": … }` outside it, else the generated client's copy.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { loadPrismaRelations, prismaSchemaFiles } from "../../src/scan/prisma-schema-files.js";

const tmp = mkdtempSync(join(tmpdir(), "optimigrate-prisma-schema-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let count = 0;
function tree(files: Record<string, string>): string {
  const root = join(tmp, `p${++count}`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}
const model = (name: string) => `model ${name} {\n  id Int @id\n}\n`;
const relative = (root: string, files: string[]) => files.map((f) => f.slice(root.length + 1));

describe("prismaSchemaFiles", () => {
  it.each<[string, Record<string, string>, string, string[]]>([
    ["prisma/schema.prisma", { "package.json": "{}", "prisma/schema.prisma": model("A") }, "", ["prisma/schema.prisma"]],
    ["schema.prisma at the root", { "package.json": "{}", "schema.prisma": model("A") }, "", ["schema.prisma"]],
    ["a multi-file schema", { "package.json": "{}", "prisma/schema/a.prisma": model("A"), "prisma/schema/b.prisma": model("B") }, "", ["prisma/schema/a.prisma", "prisma/schema/b.prisma"]],
    [
      "a workspace package's schema, from a run on another package",
      { "package.json": `{ "workspaces": ["apps/*", "packages/*"] }`, "apps/web/package.json": `{ "name": "web" }`, "apps/web/src/x.ts": "", "packages/db/package.json": `{ "name": "@acme/db" }`, "packages/db/prisma/schema.prisma": model("A") },
      "apps/web",
      ["packages/db/prisma/schema.prisma"],
    ],
    ["package.json's schema path, outside the run's project", { "app/package.json": `{ "prisma": { "schema": "../shared/db.prisma" } }`, "shared/db.prisma": model("A") }, "app", ["shared/db.prisma"]],
    ["package.json's schema folder, outside the run's project", { "app/package.json": `{ "prisma": { "schema": "../shared/schema" } }`, "shared/schema/a.prisma": model("A"), "shared/schema/b.prisma": model("B") }, "app", ["shared/schema/a.prisma", "shared/schema/b.prisma"]],
    ["the generated client's copy when the project has none", { "package.json": "{}", "node_modules/.prisma/client/schema.prisma": model("A") }, "", ["node_modules/.prisma/client/schema.prisma"]],
    ["never a dependency's schema or build output", { "package.json": "{}", "node_modules/lib/prisma/schema.prisma": model("A"), "dist/schema.prisma": model("A"), "prisma/schema.prisma": model("B") }, "", ["prisma/schema.prisma"]],
    ["none", { "package.json": "{}", "src/x.ts": "" }, "", []],
  ])("%s", async (_name, files, run, expected) => {
    const root = tree(files);
    expect(relative(root, await prismaSchemaFiles(join(root, run)))).toEqual(expected);
  });

  it("reads the files found as one schema; undefined without any", async () => {
    const root = tree({ "package.json": "{}", "prisma/schema/team.prisma": "model Team {\n  id Int @id\n  members Member[]\n}\n", "prisma/schema/member.prisma": model("Member") });
    expect(await loadPrismaRelations(root)).toEqual({ team: { members: ["member"] }, member: {} });
    expect(await loadPrismaRelations(tree({ "package.json": "{}" }))).toBeUndefined();
  });

  it("asks git for the schema files of a repository: untracked ones too, not ignored ones", async () => {
    const root = tree({
      "package.json": "{}",
      ".gitignore": "generated/\n",
      "packages/db/prisma/schema.prisma": model("A"),
      "generated/copy/schema.prisma": model("B"),
      "src/index.ts": "export {};\n",
    });
    execFileSync("git", ["init", "-q"], { cwd: root });
    execFileSync("git", ["add", "package.json", "src/index.ts"], { cwd: root });
    expect(relative(root, await prismaSchemaFiles(root))).toEqual(["packages/db/prisma/schema.prisma"]);
  });
});
