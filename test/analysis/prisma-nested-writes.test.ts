// writtenTables for Prisma writes as a table: a snippet's write call, with or without the schema -> the tables it
// writes, nested writes included (with the relation fields they go through).
import { describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { writtenTables, type WrittenTable } from "../../src/analysis/data-tables.js";
import { parsePrismaSchema } from "../../src/analysis/prisma-schema.js";

const schema = parsePrismaSchema([
  `model Team {
  id       String       @id
  settings Json?
  members  TeamMember[]
  owner    User?        @relation(fields: [ownerId], references: [id])
  ownerId  String?
  tags     Tag[]
}
model TeamMember {
  id     String @id
  team   Team   @relation(fields: [teamId], references: [id])
  teamId String
  user   User   @relation(fields: [userId], references: [id])
  userId String
}
model User {
  id      String       @id
  profile Profile?
  teams   TeamMember[]
}
model Profile {
  id     String @id
  user   User   @relation(fields: [userId], references: [id])
  userId String @unique
}
model Tag {
  id    String @id
  teams Team[]
}`,
]);

function writesIn(code: string, withSchema = true): WrittenTable[] {
  const sf = ts.createSourceFile("teams.ts", `declare const prisma: any;\n${code}`, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const calls: [ts.Node, string][] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && /^(create|createMany|update|updateMany|upsert|delete)$/.test(node.expression.name.text)) calls.push([node, "prisma"]);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return writtenTables(calls, withSchema ? schema : undefined);
}

type Case = [name: string, code: string, tables: WrittenTable[]];

describe("Prisma nested writes, with the schema", () => {
  it.each<Case>([
    ["a nested create on a list relation", `prisma.team.update({ where: { id }, data: { members: { create: { userId } } } });`, [["prisma:team", 2], ["prisma:teammember", 2, "members"]]],
    ["a nested connect: the foreign key changes, both models count as written", `prisma.team.update({ where: { id }, data: { owner: { connect: { id: userId } } } });`, [["prisma:team", 2], ["prisma:user", 2, "owner"]]],
    ["disconnect and set on a many-to-many relation", `prisma.team.update({ where: { id }, data: { tags: { set: [], disconnect: [{ id: a }] } } });`, [["prisma:team", 2], ["prisma:tag", 2, "tags"]]],
    [
      "two levels: the inner write is resolved through the related model",
      `prisma.team.create({ data: { members: { create: [{ user: { create: { id, profile: { create: { id: p } } } } }] } } });`,
      [["prisma:team", 2], ["prisma:teammember", 2, "members"], ["prisma:user", 2, "members.user"], ["prisma:profile", 2, "members.user.profile"]],
    ],
    [
      "an upsert's create and update, a nested upsert, connectOrCreate and updateMany with data",
      `prisma.user.upsert({ where: { id }, create: { id, profile: { connectOrCreate: { where: { id }, create: { id } } } }, update: { teams: { updateMany: { where: {}, data: { team: { update: { settings: {} } } } } } } });`,
      [["prisma:user", 2], ["prisma:profile", 2, "profile"], ["prisma:teammember", 2, "teams"], ["prisma:team", 2, "teams.team"]],
    ],
    ["data held in a const, and a spread", `const members = { create: { userId } };\nconst data = { ...{ members } };\nprisma.team.update({ where: { id }, data });`, [["prisma:team", 4], ["prisma:teammember", 4, "members"]]],
    ["a Json field whose value has a `create` key is no relation", `prisma.team.update({ where: { id }, data: { settings: { create: true } } });`, [["prisma:team", 2]]],
    ["a scalar update (`{ set }`, `{ increment }`) writes nothing else", `prisma.team.update({ where: { id }, data: { ownerId: { set: null } } });`, [["prisma:team", 2]]],
    ["a delete has no data", `prisma.team.delete({ where: { id } });`, [["prisma:team", 2]]],
    ["data the file does not show", `prisma.team.update({ where: { id }, data: input });`, [["prisma:team", 2]]],
    ["on a transaction's client", `prisma.$transaction(async (tx) => tx.team.update({ where: { id }, data: { members: { deleteMany: {} } } }));`, [["prisma:team", 2], ["prisma:teammember", 2, "members"]]],
  ])("%s", (_name, code, tables) => {
    expect(writesIn(code)).toEqual(tables);
  });
});

describe("Prisma nested writes, without a schema", () => {
  it.each<Case>([
    ["a nested row write is marked by its relation field, to be matched by name project-wide", `prisma.team.update({ where: { id }, data: { members: { create: { userId } } } });`, [["prisma:team", 2], ["prisma:?members", 2, "members"]]],
    ["inner levels are marked too", `prisma.team.create({ data: { members: { create: { user: { connectOrCreate: { where: { id }, create: { id } } } } } } });`, [["prisma:team", 2], ["prisma:?members", 2, "members"], ["prisma:?user", 2, "members.user"]]],
    ["a bare connect, disconnect or set is not: it mostly sets the row's own foreign key", `prisma.post.create({ data: { title, author: { connect: { id } }, tags: { set: [] } } });`, [["prisma:post", 2]]],
  ])("%s", (_name, code, tables) => {
    expect(writesIn(code, false)).toEqual(tables);
  });

  it("a model the schema does not describe is handled as without one", () => {
    expect(writesIn(`prisma.invoice.update({ where: { id }, data: { lines: { create: { sku } } } });`)).toEqual([["prisma:invoice", 2], ["prisma:?lines", 2, "lines"]]);
  });
});
