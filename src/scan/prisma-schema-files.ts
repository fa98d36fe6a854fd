// The project's Prisma schema, read once per run so that a nested write (`data: { members: { create: … } } }`) is
// known to write the related model (src/analysis/prisma-nested-writes.ts). Wherever it is: `prisma/schema.prisma`,
// a multi-file `prisma/schema/*.prisma`, a monorepo package's own: every `*.prisma` file of the project, found as
// its source files are, and the schema path package.json names (`"prisma": { "schema": … }`, a file or a folder)
// when it lies outside. A project with none may still have the copy `prisma generate` leaves in
// node_modules/.prisma/client.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { globbySync } from "globby";
import { parsePrismaSchema, type PrismaRelations } from "../analysis/prisma-schema.js";
import { listProjectFiles } from "./discover.js";
import { projectTop } from "./local-modules.js";
import { workspacePackages } from "./workspaces.js";

/** The relations of the schema of the project `root` belongs to; undefined when no schema file is found. */
export async function loadPrismaRelations(root: string, project?: string): Promise<PrismaRelations | undefined> {
  const files = await prismaSchemaFiles(root, project);
  if (files.length === 0) return undefined;
  const texts = files.flatMap((file) => {
    try {
      return [readFileSync(file, "utf8")];
    } catch {
      return [];
    }
  });
  return texts.length ? parsePrismaSchema(texts) : undefined;
}

/** Absolute paths of the project's schema files, sorted. */
export async function prismaSchemaFiles(root: string, project?: string): Promise<string[]> {
  // the run's project (src/scan/local-modules.ts loadPathAliases: the files' own when the root has none), never a
  // walk of whatever folder the run started in
  const top = project ?? projectTop(root) ?? resolve(root);
  const found = new Set((await listProjectFiles(top, ["**/*.prisma"], ["*.prisma"])).map((rel) => resolve(top, rel)));
  for (const dir of new Set([resolve(root), top, ...workspacePackages(root).map((p) => p.dir)])) {
    for (const file of configuredSchema(dir)) found.add(file);
  }
  if (found.size === 0) {
    for (const dir of new Set([resolve(root), top])) {
      const generated = join(dir, "node_modules/.prisma/client/schema.prisma");
      if (existsSync(generated)) found.add(generated);
    }
  }
  return [...found].sort();
}

/** The schema files package.json's `"prisma": { "schema": … }` names: a file, or a folder of them (a multi-file schema). */
function configuredSchema(dir: string): string[] {
  let schema: unknown;
  try {
    schema = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { prisma?: { schema?: unknown } }).prisma?.schema;
  } catch {
    return [];
  }
  if (typeof schema !== "string") return [];
  const path = resolve(dir, schema);
  try {
    if (statSync(path).isFile()) return [path];
    return globbySync("**/*.prisma", { cwd: path, absolute: true, ignore: ["**/node_modules/**"] });
  } catch {
    return [];
  }
}
