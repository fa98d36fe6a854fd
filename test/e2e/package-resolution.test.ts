// Migrated code imports `optimigrate/runtime`. That import must type-check in the app whatever module
// resolution its tsconfig uses: `node` (node10, still common) ignores the package's `exports` map.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Project, ts } from "ts-morph";
import { REPO } from "../support/run-cli.js";

const app = mkdtempSync(join(tmpdir(), "optimigrate-resolution-"));
afterAll(() => rmSync(app, { recursive: true, force: true }));
mkdirSync(join(app, "node_modules"));
symlinkSync(REPO, join(app, "node_modules/optimigrate"), "dir");
// the runtime's declarations name Node's types, as any app on Node has them
symlinkSync(join(REPO, "node_modules/@types"), join(app, "node_modules/@types"), "dir");
const file = join(app, "service.ts");
writeFileSync(
  file,
  `import { cached, mapBatched } from "optimigrate/runtime";
export const getUser = (id: string) => cached("user", [id], { ttl: 300 }, async () => ({ id }));
export const getUsers = (ids: string[]) => mapBatched(ids, (id) => getUser(id), { batchSize: 10 });
`,
);

const RESOLUTIONS: [string, ts.CompilerOptions][] = [
  ["node (node10)", { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, ignoreDeprecations: "6.0" }],
  ["node16", { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 }],
  ["nodenext", { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext }],
  ["bundler", { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }],
];

describe("an app imports optimigrate/runtime", () => {
  it.each(RESOLUTIONS)("with moduleResolution %s", (_name, options) => {
    const project = new Project({ compilerOptions: { ...options, strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: ["node"] } });
    project.addSourceFileAtPath(file);
    const messages = project.getPreEmitDiagnostics().map((d) => ts.flattenDiagnosticMessageText(d.compilerObject.messageText, " "));
    expect(messages).toEqual([]);
  });
});
