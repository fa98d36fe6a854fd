// prismaRelationReads as a table: a Prisma read call -> the related models it loads, counts or filters by (schema-based).
import { describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { prismaRelationReads } from "../../src/analysis/prisma-relation-reads.js";
import { parsePrismaSchema } from "../../src/analysis/prisma-schema.js";

const schema = parsePrismaSchema([
  `model User {
  id      String   @id
  name    String
  posts   Post[]
  profile Profile?
  prefs   Json?
}
model Post {
  id       String    @id
  author   User      @relation(fields: [authorId], references: [id])
  authorId String
  comments Comment[]
}
model Comment {
  id     String @id
  post   Post   @relation(fields: [postId], references: [id])
  postId String
}
model Profile {
  id     String @id
  user   User   @relation(fields: [userId], references: [id])
  userId String @unique
}`,
]);

function readsOf(code: string, withSchema = true): string[] {
  const sf = ts.createSourceFile("users.ts", `declare const prisma: any;\n${code}`, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let call: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (!call && ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && /^find/.test(node.expression.name.text)) call = node;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return prismaRelationReads(call!, "user", withSchema ? schema : undefined).sort();
}

describe("Prisma relation reads", () => {
  it.each<[string, string, string[]]>([
    ["include", `prisma.user.findMany({ include: { posts: true } });`, ["prisma:post"]],
    ["a relation in select, and what it selects in turn", `prisma.user.findUnique({ where: { id }, select: { name: true, posts: { select: { comments: true } } } });`, ["prisma:comment", "prisma:post"]],
    ["a nested include", `prisma.user.findMany({ include: { posts: { include: { comments: { where: { id } } } } } });`, ["prisma:comment", "prisma:post"]],
    ["a to-many filter", `prisma.user.findMany({ where: { posts: { some: { comments: { none: {} } } } } });`, ["prisma:comment", "prisma:post"]],
    ["a to-one filter, under OR", `prisma.user.findMany({ where: { OR: [{ name }, { profile: { is: { id } } }] } });`, ["prisma:profile"]],
    ["_count of named relations", `prisma.user.findMany({ select: { _count: { select: { posts: true } } } });`, ["prisma:post"]],
    ["_count of all relations", `prisma.user.findMany({ include: { _count: true } });`, ["prisma:post", "prisma:profile"]],
    ["args held in a const", `const args = { include: { profile: true } }; prisma.user.findFirst(args);`, ["prisma:profile"]],
    ["a relation left out (false)", `prisma.user.findMany({ include: { posts: false } });`, []],
    ["scalar and Json fields", `prisma.user.findMany({ select: { name: true, prefs: true }, where: { name: { contains: "a" } } });`, []],
    ["no arguments", `prisma.user.findMany();`, []],
  ])("%s", (_name, code, expected) => {
    expect(readsOf(code)).toEqual(expected);
  });

  it("names nothing without a schema", () => {
    expect(readsOf(`prisma.user.findMany({ include: { posts: true } });`, false)).toEqual([]);
  });
});
