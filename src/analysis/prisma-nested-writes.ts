// The models a Prisma write writes besides its own: `prisma.team.update({ data: { members: { create: { userId } } } })`
// creates TeamMember rows. Its `data` (an upsert's `create` and `update`) is walked as far as the file shows it
// (object literals, and consts holding them); each relation field with a nested write writes the model the schema
// says it leads to, and the levels below it are that model's data.
import { ts } from "ts-morph";
import { objectsOf, properties, propertyValue } from "./prisma-arguments.js";
import { hasModel, relatedModels, type PrismaRelations } from "./prisma-schema.js";

// nested writes that create, change or delete the related rows
const ROW_WRITES = new Set(["create", "createMany", "connectOrCreate", "upsert", "update", "updateMany", "delete", "deleteMany"]);
// nested writes that link or unlink rows: the foreign key changes on one side or the other (or in the join table of
// a many-to-many relation), which the syntax does not tell; both models are taken as written
const LINKS = new Set(["connect", "disconnect", "set"]);

/** Marks the table of a nested write to a model no schema describes: `prisma:?members`, by the relation field's name. */
export const UNRESOLVED_RELATION = "prisma:?";

export interface NestedWrite {
  /** `prisma:<model>`, or `prisma:?<field>` when no schema describes the model the field belongs to. */
  table: string;
  /** The relation fields from the call's data down to this write: `members`, `members.user`. */
  via: string;
}

const MAX_DEPTH = 8;

/**
 * The nested writes of a Prisma write call on `model` (lower-case, as `prisma.<model>` names it). Without a schema
 * that describes a model, its relation fields are known only by a nested write's shape, and their models only by
 * name: those writes are marked (UNRESOLVED_RELATION) and matched to models project-wide (src/scan/table-writers.ts).
 * Only row writes are marked: a bare `connect` or `disconnect` (`author: { connect: { id } }`) mostly sets the written
 * row's own foreign key, and counting it as a write of an unknown model would make most Prisma reads review.
 */
export function prismaNestedWrites(call: ts.Node, model: string, schema: PrismaRelations | undefined): NestedWrite[] {
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || !call.arguments[0]) return [];
  const roots = call.expression.name.text === "upsert" ? ["create", "update"] : ["data"];
  const found = new Map<string, string>();
  for (const args of objectsOf(call.arguments[0])) {
    for (const root of roots) {
      const data = propertyValue(args, root);
      if (data) walkData(data, model, "", schema, found, 0);
    }
  }
  return [...found].map(([table, via]) => ({ table, via }));
}

function walkData(data: ts.Expression, model: string | undefined, path: string, schema: PrismaRelations | undefined, found: Map<string, string>, depth: number): void {
  if (depth >= MAX_DEPTH) return;
  const described = model !== undefined && schema !== undefined && hasModel(schema, model);
  for (const object of objectsOf(data)) {
    for (const [field, value] of properties(object)) {
      const ops = objectsOf(value);
      const keys = ops.flatMap((op) => properties(op).map(([key]) => key)).filter((key) => ROW_WRITES.has(key) || LINKS.has(key));
      if (keys.length === 0) continue;
      const via = path ? `${path}.${field}` : field;
      let targets: readonly (string | undefined)[];
      if (described) {
        const related = relatedModels(schema, model, field);
        // a Json or composite field whose value happens to have such a key
        if (!related) continue;
        targets = related;
        for (const target of related) record(found, `prisma:${target}`, via);
      } else {
        if (!keys.some((key) => ROW_WRITES.has(key))) continue;
        targets = [undefined];
        record(found, `${UNRESOLVED_RELATION}${field}`, via);
      }
      for (const op of ops) {
        for (const [key, opValue] of properties(op)) {
          for (const child of rowData(key, opValue)) for (const target of targets) walkData(child, target, via, schema, found, depth + 1);
        }
      }
    }
  }
}

function record(found: Map<string, string>, table: string, via: string): void {
  if (!found.has(table)) found.set(table, via);
}

/** The data a nested write gives the related model's rows (each level's own nested writes are in there). */
function rowData(key: string, value: ts.Expression): ts.Expression[] {
  switch (key) {
    case "create":
      return [value];
    case "createMany":
      return objectsOf(value).flatMap((o) => optional(propertyValue(o, "data")));
    case "connectOrCreate":
      return objectsOf(value).flatMap((o) => optional(propertyValue(o, "create")));
    case "upsert":
      return objectsOf(value).flatMap((o) => [...optional(propertyValue(o, "create")), ...optional(propertyValue(o, "update"))]);
    case "update":
    case "updateMany":
      // to-many `{ where, data }`; a to-one update is the data itself
      return objectsOf(value).map((o) => propertyValue(o, "data") ?? o);
    default:
      return [];
  }
}

const optional = <T>(value: T | undefined): T[] => (value === undefined ? [] : [value]);
