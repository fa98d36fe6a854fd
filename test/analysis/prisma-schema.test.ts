// parsePrismaSchema as a table: schema text(s) -> each model (lower-case) with its relation fields and their models.
import { describe, expect, it } from "vitest";
import { parsePrismaSchema, relatedModels, type PrismaRelations } from "../../src/analysis/prisma-schema.js";

type Case = [name: string, texts: string[], relations: PrismaRelations];

describe("parsePrismaSchema", () => {
  it.each<Case>([
    [
      "a list, an optional and a required relation; scalars and enums are no relations",
      [
        `model Team {
  id      String       @id @default(cuid())
  members TeamMember[]
  owner   User?        @relation("owner", fields: [ownerId], references: [id])
  ownerId String?
  plan    Plan
}

model TeamMember {
  id     String @id
  team   Team   @relation(fields: [teamId], references: [id], onDelete: Cascade)
  teamId String
}

model User {
  id    String @id
  teams Team[] @relation("owner")
}

enum Plan {
  FREE
  PRO
}`,
      ],
      { team: { members: ["teammember"], owner: ["user"] }, teammember: { team: ["team"] }, user: { teams: ["team"] } },
    ],
    [
      "comments: a commented-out field or block, `//` inside a string, doc comments",
      [
        `// model Ghost {
/// The account
model Account {
  id    Int    @id
  url   String @default("https://example.com//x") // posts Post[]
  // posts Post[]
  posts Post[] /// the account's posts
}
model Post {
  id Int @id
}`,
      ],
      { account: { posts: ["post"] }, post: {} },
    ],
    [
      "@@map and @map rename the table and columns only: the model keeps its name",
      [
        `model BlogPost {
  id       Int     @id
  authorId Int     @map("author_id")
  author   Author  @relation(fields: [authorId], references: [id])
  @@map("blog_posts")
}
model Author {
  id    Int        @id
  posts BlogPost[]
  @@index([id])
}`,
      ],
      { blogpost: { author: ["author"] }, author: { posts: ["blogpost"] } },
    ],
    [
      "a multi-file schema: a relation to a model of another file",
      [`model Order {\n  id    Int    @id\n  lines OrderLine[]\n}\n`, `model OrderLine {\n  id      Int   @id\n  order   Order @relation(fields: [orderId], references: [id])\n  orderId Int\n}\n`],
      { order: { lines: ["orderline"] }, orderline: { order: ["order"] } },
    ],
    [
      "composite types, views, datasource and generator blocks are no models (views are listed apart); a field of a composite type is no relation",
      [
        `datasource db {
  provider = "mongodb"
  url      = env("DATABASE_URL")
}
generator client {
  provider = "prisma-client-js"
}
type Address {
  street String
}
view UserInfo {
  id Int @unique
}
model Customer {
  id      String   @id @map("_id")
  address Address
  info    UserInfo?
}`,
      ],
      { customer: {}, "\0views": { userinfo: [] } },
    ],
    [
      "two schemas of a monorepo defining one model differently: both relations are kept",
      [`model User {\n  id Int @id\n  items Item[]\n}\nmodel Item {\n  id Int @id\n}`, `model User {\n  id Int @id\n  items Product[]\n}\nmodel Product {\n  id Int @id\n}`],
      { user: { items: ["item", "product"] }, item: {}, product: {} },
    ],
    ["Windows line endings", ["model A {\r\n  id Int @id\r\n  bs B[]\r\n}\r\nmodel B {\r\n  id Int @id\r\n}\r\n"], { a: { bs: ["b"] }, b: {} }],
  ])("%s", (_name, texts, relations) => {
    expect(parsePrismaSchema(texts)).toEqual(relations);
  });

  it("looks up own properties only, whatever a model or field is called", () => {
    const relations = parsePrismaSchema([`model constructor {\n  id Int @id\n  toString constructor[]\n}`]);
    expect(relatedModels(relations, "constructor", "toString")).toEqual(["constructor"]);
    expect(relatedModels(relations, "constructor", "hasOwnProperty")).toBeUndefined();
    expect(relatedModels(relations, "toString", "valueOf")).toBeUndefined();
  });

  it("is plain data a worker thread gets a copy of", () => {
    const relations = parsePrismaSchema([`model A {\n  id Int @id\n  bs B[]\n}\nmodel B {\n  id Int @id\n}`]);
    expect(structuredClone(relations)).toEqual(relations);
  });
});
