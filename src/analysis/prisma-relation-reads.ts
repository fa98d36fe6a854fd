// The models a Prisma read reads besides its own: the relations it loads (`include: { posts: true }`, a relation in
// `select`), counts (`_count: { select: { posts: true } }`) or filters by (`where: { posts: { some: { … } } }`). A
// cached read of users with their posts goes stale when a post is written, as much as when a user is. Relations are
// known from the project's schema only; without one, the read names its own model alone.
import { ts } from "ts-morph";
import { skipOuter } from "../detect/bindings.js";
import { objectsOf, properties, propertyValue } from "./prisma-arguments.js";
import { hasModel, relatedModels, type PrismaRelations } from "./prisma-schema.js";

const MAX_DEPTH = 8;
// relation filters: `posts: { some: { … } }`, `author: { is: { … } }`; what is under them filters the related model
const RELATION_FILTERS = ["some", "every", "none", "is", "isNot"];
const COMBINATORS = new Set(["AND", "OR", "NOT"]);

/** `prisma:<model>` for each related model a read call on `model` (lower-case) loads, counts or filters by. */
export function prismaRelationReads(node: ts.Node, model: string, schema: PrismaRelations | undefined): string[] {
  let call = node;
  while (ts.isAwaitExpression(call) || ts.isParenthesizedExpression(call)) call = call.expression;
  if (!schema || !hasModel(schema, model) || !ts.isCallExpression(call) || !call.arguments[0]) return [];
  const found = new Set<string>();
  for (const args of objectsOf(call.arguments[0])) readsOf(args, model, schema, found, 0);
  found.delete(`prisma:${model}`);
  return [...found];
}

/** What the arguments of a read (or of a loaded relation: its own `select`, `include`, `where`) read. */
function readsOf(args: ts.ObjectLiteralExpression, model: string, schema: PrismaRelations, found: Set<string>, depth: number): void {
  if (depth >= MAX_DEPTH) return;
  for (const key of ["include", "select"]) {
    const value = propertyValue(args, key);
    for (const object of value ? objectsOf(value) : []) {
      for (const [field, fieldValue] of properties(object)) {
        if (isFalse(fieldValue)) continue;
        if (field === "_count") {
          countsOf(fieldValue, model, schema, found, depth);
          continue;
        }
        const related = relatedModels(schema, model, field) ?? [];
        for (const target of related) {
          found.add(`prisma:${target}`);
          for (const nested of objectsOf(fieldValue)) readsOf(nested, target, schema, found, depth + 1);
        }
      }
    }
  }
  const where = propertyValue(args, "where");
  if (where) filtersOf(where, model, schema, found, depth);
}

/** `_count: true` counts every relation; `_count: { select: { posts: true } }` those it names. */
function countsOf(value: ts.Expression, model: string, schema: PrismaRelations, found: Set<string>, depth: number): void {
  if (skipOuter(value).kind === ts.SyntaxKind.TrueKeyword) {
    for (const targets of Object.values(schema[model] ?? {})) for (const target of targets) found.add(`prisma:${target}`);
    return;
  }
  for (const object of objectsOf(value)) {
    const select = propertyValue(object, "select");
    for (const selected of select ? objectsOf(select) : []) {
      for (const [field, fieldValue] of properties(selected)) {
        if (isFalse(fieldValue)) continue;
        for (const target of relatedModels(schema, model, field) ?? []) {
          found.add(`prisma:${target}`);
          // `_count: { select: { posts: { where: { published: true } } } }`
          for (const nested of objectsOf(fieldValue)) {
            const where = propertyValue(nested, "where");
            if (where) filtersOf(where, target, schema, found, depth + 1);
          }
        }
      }
    }
  }
}

function filtersOf(where: ts.Expression, model: string, schema: PrismaRelations, found: Set<string>, depth: number): void {
  if (depth >= MAX_DEPTH) return;
  for (const object of objectsOf(where)) {
    for (const [field, value] of properties(object)) {
      if (COMBINATORS.has(field)) {
        filtersOf(value, model, schema, found, depth + 1);
        continue;
      }
      for (const target of relatedModels(schema, model, field) ?? []) {
        found.add(`prisma:${target}`);
        for (const filter of objectsOf(value)) {
          const ops = RELATION_FILTERS.map((op) => propertyValue(filter, op)).filter((v): v is ts.Expression => v !== undefined);
          // a to-one relation filtered directly: `author: { name: "x" }`
          for (const inner of ops.length ? ops : [filter]) filtersOf(inner, target, schema, found, depth + 1);
        }
      }
    }
  }
}

function isFalse(value: ts.Expression): boolean {
  return skipOuter(value).kind === ts.SyntaxKind.FalseKeyword;
}
