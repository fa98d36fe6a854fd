// Migrated code imports `optimigrate/runtime`. That import must type-check in the app whatever module
// resolution its tsconfig uses: `node` (node10, still common) ignores the package's `exports` map.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Project, ts } from "ts-morph";
import typescript from "typescript";
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

// A CommonJS file (.cts) compiles to require(): it must get the CommonJS build's declarations ("require"
// condition). With only the ES module's, node16 reports TS1479 (nodenext allows require of ES modules).
const ctsFile = join(app, "service-cjs.cts");
writeFileSync(ctsFile, readFileSync(file, "utf8"));

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

  // the typescript package's own host, not ts-morph's: ts-morph's host does not give a .cts file its CommonJS format, so it would
  // not see the TS1479 this checks for.
  it.each(RESOLUTIONS.filter(([name]) => name === "node16" || name === "nodenext"))("from a CommonJS file (.cts) with moduleResolution %s", (_name, options) => {
    const program = typescript.createProgram([ctsFile], { ...(options as typescript.CompilerOptions), strict: true, noEmit: true, target: typescript.ScriptTarget.ES2022, skipLibCheck: true, types: ["node"] });
    expect(program.getSourceFile(ctsFile)?.impliedNodeFormat).toBe(typescript.ModuleKind.CommonJS);
    const messages = typescript.getPreEmitDiagnostics(program).map((d) => typescript.flattenDiagnosticMessageText(d.messageText, " "));
    expect(messages).toEqual([]);
  });
});
