// tableOf as a table: snippet, the query call in it and its library -> the table, model or collection it names.
// The key must come out the same in a file that reads and a file that writes (test/scan/written-elsewhere*.test.ts).
import { describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { tableOf } from "../../src/analysis/data-tables.js";

function tableIn(code: string, callText: string, library: string): string | undefined {
  const sf = ts.createSourceFile("store.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (!found && (ts.isCallExpression(node) || ts.isAwaitExpression(node)) && node.getText(sf) === callText) found = node;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (!found) throw new Error(`no call \`${callText}\` in the snippet`);
  return tableOf(found, library);
}

type Case = [name: string, code: string, call: string, library: string, table: string | undefined];

describe("knex tables through constants", () => {
  it.each<Case>([
    ["a const object's property", `const T = { features: "features", users: "users" };\nthis.db(T.features).select("*");`, `this.db(T.features).select("*")`, "knex", "features"],
    ["an `as const` object, through .from", `const T = { ROLE_USER: "role_user" } as const;\ndb.select("*").from(T.ROLE_USER);`, `db.select("*").from(T.ROLE_USER)`, "knex", "role_user"],
    ["a nested object", `const T = { auth: { users: "auth_users" } };\ndb(T.auth.users).del();`, `db(T.auth.users).del()`, "knex", "auth_users"],
    ["a template naming an alias (Unleash)", "const T = { ROLE_USER: \"role_user\" };\ndb.select(\"*\").from(`${T.ROLE_USER} as ru`);", "db.select(\"*\").from(`${T.ROLE_USER} as ru`)", "knex", "role_user"],
    ["a const holding another const", `const TABLE = "features";\nexport const FEATURES = TABLE;\ndb(FEATURES).update({});`, `db(FEATURES).update({})`, "knex", "features"],
    ["an enum member", `enum Tables { Users = "users" }\ndb(Tables.Users).insert({});`, `db(Tables.Users).insert({})`, "knex", "users"],
    ["a schema-qualified string", `const T = { users: "auth.Users" };\ndb(T.users).update({});`, `db(T.users).update({})`, "knex", "users"],
    ["a shorthand property", `const users = "users";\nconst T = { users };\ndb(T.users).insert({});`, `db(T.users).insert({})`, "knex", "users"],
    ["an imported object: the property name", `import { T } from "./tables";\nthis.db(T.featureTypes).select("*");`, `this.db(T.featureTypes).select("*")`, "knex", "featuretypes"],
    ["an imported namespace: the property name", `import * as tables from "./tables";\ndb(tables.USERS).select("*");`, `db(tables.USERS).select("*")`, "knex", "users"],
    ["a parameter's property: no table", `export function f(t: { users: string }) {\n  return db(t.users).select("*");\n}`, `db(t.users).select("*")`, "knex", undefined],
    ["a field's property: no table", `class S {\n  tables = { users: "users" };\n  f() { return this.db(this.tables.users).select("*"); }\n}`, `this.db(this.tables.users).select("*")`, "knex", undefined],
    ["a `let` object may change: no table", `let T = { users: "users" };\ndb(T.users).select("*");`, `db(T.users).select("*")`, "knex", undefined],
    ["a property a spread may hold: no table", `const T = { ...BASE, users: "users" };\ndb(T.features).select("*");`, `db(T.features).select("*")`, "knex", undefined],
    ["a cache read of a key named like a table: no table", `const T = { users: "users" };\ncache.get(T.users);`, `cache.get(T.users)`, "redis", undefined],
  ])("%s", (_name, code, call, library, table) => expect(tableIn(code, call, library)).toBe(table));
});

describe("knex queries started by a helper or held in a variable", () => {
  const store = (helper: string, use: string) => `const TABLE = "users";\nclass UsersStore {\n  constructor(private db: Knex) {}\n  ${helper}\n  async f(id: string) { ${use} }\n}`;
  it.each<Case>([
    ["a same-class method returning the chain", store(`private activeUsers() { return this.db(TABLE).where({ deleted_at: null }); }`, `await this.activeUsers().where({ id }).update({ seen: true });`), `this.activeUsers().where({ id }).update({ seen: true })`, "knex", "users"],
    ["a module function returning the chain", `function active() {\n  return db("users").whereNull("deleted_at");\n}\nactive().where({ id: 1 }).del();`, `active().where({ id: 1 }).del()`, "knex", "users"],
    ["a const arrow returning the chain", `const T = { users: "users" };\nconst q = () => db(T.users);\nq().insert({});`, `q().insert({})`, "knex", "users"],
    ["a builder held in a variable", store(`private x = 1;`, `const query = this.db(TABLE).orderBy("name");\n    if (id) query.where({ id });\n    return await query;`), `await query`, "knex", "users"],
    ["a helper with two returns: no table", store(`private rows(all: boolean) {\n    if (all) return this.db("users");\n    return this.db("archived_users");\n  }`, `await this.rows(false).update({});`), `this.rows(false).update({})`, "knex", undefined],
  ])("%s", (_name, code, call, library, table) => expect(tableIn(code, call, library)).toBe(table));
});

describe("Kysely tables", () => {
  it.each<Case>([
    ["selectFrom", `db.selectFrom("asset").selectAll().where("id", "=", id).execute();`, `db.selectFrom("asset").selectAll().where("id", "=", id).execute()`, "kysely", "asset"],
    ["updateTable on a transaction", `trx.updateTable("asset_ocr").set({ isVisible: false }).execute();`, `trx.updateTable("asset_ocr").set({ isVisible: false }).execute()`, "kysely", "asset_ocr"],
    ["insertInto, deleteFrom", `db.insertInto("asset_edit").values(rows).execute();`, `db.insertInto("asset_edit").values(rows).execute()`, "kysely", "asset_edit"],
    ["an aliased table", `db.deleteFrom("album as a").where("a.id", "=", id).execute();`, `db.deleteFrom("album as a").where("a.id", "=", id).execute()`, "kysely", "album"],
    ["a schema-qualified table: the bare name, as raw SQL keys it", `db.selectFrom("public.album as a").selectAll().execute();`, `db.selectFrom("public.album as a").selectAll().execute()`, "kysely", "album"],
    ["a data-modifying CTE: the table the query selects", `db.with("asset", (qb) => qb.updateTable("asset").set(v).returningAll()).selectFrom("asset").selectAll().executeTakeFirst();`, `db.with("asset", (qb) => qb.updateTable("asset").set(v).returningAll()).selectFrom("asset").selectAll().executeTakeFirst()`, "kysely", "asset"],
  ])("%s", (_name, code, call, library, table) => expect(tableIn(code, call, library)).toBe(table));
});

describe("ClickHouse inserts", () => {
  it.each<Case>([
    ["the table the options name", `ch.insert({ table: "events", values: rows, format: "JSONEachRow" });`, `ch.insert({ table: "events", values: rows, format: "JSONEachRow" })`, "@clickhouse/client", "events"],
    ["a table from a const", `const TABLE = "analytics.pageviews";\nch.insert({ table: TABLE, values: rows });`, `ch.insert({ table: TABLE, values: rows })`, "@clickhouse/client", "pageviews"],
    ["options the file does not show", `ch.insert(options);`, `ch.insert(options)`, "@clickhouse/client", undefined],
  ])("%s", (_name, code, call, library, table) => expect(tableIn(code, call, library)).toBe(table));
});

describe("Sequelize models", () => {
  it.each<Case>([
    ["an imported model's static", `import { Subscription } from "@server/models";\nSubscription.findAll({ where: {} });`, `Subscription.findAll({ where: {} })`, "sequelize", "sequelize:subscription"],
    ["through a scope", `import { Document } from "@server/models";\nDocument.scope("withCollection").findOne({});`, `Document.scope("withCollection").findOne({})`, "sequelize", "sequelize:document"],
    ["a class of the file", `class User extends Model {}\nUser.update({ a: 1 }, { where: {} });`, `User.update({ a: 1 }, { where: {} })`, "sequelize", "sequelize:user"],
    ["sequelize.define's name", `const Team = sequelize.define("Team", {});\nTeam.destroy({ where: {} });`, `Team.destroy({ where: {} })`, "sequelize", "sequelize:team"],
    ["an instance fetched from the model", `import { User } from "../models";\nasync function f() {\n  const user = await User.findByPk(1);\n  await user.save();\n}`, `user.save()`, "sequelize", "sequelize:user"],
    ["a parameter's save: no model", `async function f(user: any) {\n  await user.save();\n}`, `user.save()`, "sequelize", undefined],
    ["a parameter typed by its model", `import { User } from "./models";\nasync function f(user: User, email: string) {\n  await user.update({ email });\n}`, `user.update({ email })`, "sequelize", "sequelize:user"],
    ["a parameter typed by a model's document type", `async function f(doc: models.OrderDocument) {\n  await doc.save();\n}`, `doc.save()`, "sequelize", "sequelize:order"],
    ["a generic parameter type: no model", `async function f(row: Partial<User>) {\n  await row.save();\n}`, `row.save()`, "sequelize", undefined],
  ])("%s", (_name, code, call, library, table) => expect(tableIn(code, call, library)).toBe(table));
});

describe("Mongoose models", () => {
  it.each<Case>([
    ["mongoose.model's name", `const User = mongoose.model("User", schema);\nUser.find({}).lean();`, `User.find({}).lean()`, "mongoose", "mongoose:user"],
    ["model<T>()'s name, whatever the binding", `const Members = model<IUser>("User", schema);\nMembers.updateOne({}, {});`, `Members.updateOne({}, {})`, "mongoose", "mongoose:user"],
    ["models.X || model(…) (Next.js)", `const User = mongoose.models.User || mongoose.model("User", schema);\nUser.create({});`, `User.create({})`, "mongoose", "mongoose:user"],
    ["an imported model: the exported name without `Model`", `import { UserModel as M } from "../models";\nM.findById(id);`, `M.findById(id)`, "mongoose", "mongoose:user"],
    ["a default import: its name", `import Account from "../models/account";\nAccount.deleteOne({});`, `Account.deleteOne({})`, "mongoose", "mongoose:account"],
    ["a destructured require", `const { User } = require("../models");\nUser.find();`, `User.find()`, "mongoose", "mongoose:user"],
    ["new Model(…).save()", `import { User } from "../models";\nnew User({}).save();`, `new User({}).save()`, "mongoose", "mongoose:user"],
    ["a document from a query", `const User = model("User", schema);\nasync function f() {\n  const u = await User.findById(1);\n  await u.save();\n}`, `u.save()`, "mongoose", "mongoose:user"],
    ["@InjectModel(User.name)", `class S {\n  constructor(@InjectModel(User.name) private readonly users: Model<UserDocument>) {}\n  f() { return this.users.find(); }\n}`, `this.users.find()`, "mongoose", "mongoose:user"],
    ["@InjectModel(\"Cat\") on a field", `class S {\n  @InjectModel("Cat") private cats: Model<Cat>;\n  f() { return this.cats.find(); }\n}`, `this.cats.find()`, "mongoose", "mongoose:cat"],
    ["new this.model(…) of an injected model", `class S {\n  constructor(@InjectModel(User.name) private m: Model<User>) {}\n  async f() { const u = new this.m({}); return u.save(); }\n}`, `u.save()`, "mongoose", "mongoose:user"],
    ["a field holding an imported model", `import { UserModel } from "../models";\nclass S {\n  private users = UserModel;\n  f() { return this.users.find(); }\n}`, `this.users.find()`, "mongoose", "mongoose:user"],
    ["a field set in the constructor", `import { User } from "../models";\nclass S {\n  constructor() { this.users = User; }\n  f() { return this.users.find(); }\n}`, `this.users.find()`, "mongoose", "mongoose:user"],
    ["an undecorated field: its name without `Model`", `class S {\n  constructor(private userModel: Model<UserDocument>) {}\n  f() { return this.userModel.find(); }\n}`, `this.userModel.find()`, "mongoose", "mongoose:user"],
    ["a model looked up inline", `mongoose.model("User").find();`, `mongoose.model("User").find()`, "mongoose", "mongoose:user"],
    ["a model a factory made: no model (not the factory's name)", `import { getModelForClass } from "@typegoose/typegoose";\nconst Users = getModelForClass(UserClass);\nUsers.find();`, `Users.find()`, "mongoose", undefined],
    ["a loop variable: no model", `async function f(docs: UserDocument[]) {\n  for (const doc of docs) await doc.save();\n}`, `doc.save()`, "mongoose", undefined],
    ["a destructured parameter: no model", `async function f({ doc }: { doc: UserDocument }) {\n  await doc.save();\n}`, `doc.save()`, "mongoose", undefined],
    ["an element of an array: no model", `async function f(docs: UserDocument[]) {\n  const doc = docs[0];\n  await doc.save();\n}`, `doc.save()`, "mongoose", undefined],
    ["a generic repository's this.model: no model", `class Repo<T> {\n  constructor(protected model: Model<T>) {}\n  f() { return this.model.find(); }\n}`, `this.model.find()`, "mongoose", undefined],
    ["a parameter: no model", `export function f(m: Model<IUser>) {\n  return m.find();\n}`, `m.find()`, "mongoose", undefined],
    ["a document from a function the file cannot see: no model", `async function f() {\n  const u = await loadUser();\n  await u.save();\n}`, `u.save()`, "mongoose", undefined],
  ])("%s", (_name, code, call, library, table) => expect(tableIn(code, call, library)).toBe(table));
});

describe("MongoDB collections", () => {
  it.each<Case>([
    ["db.collection(name)", `db.collection("users").find({}).toArray();`, `db.collection("users").find({}).toArray()`, "mongodb", "mongodb:users"],
    ["a collection held in a const", `const users = client.db("app").collection<User>("users");\nusers.updateOne({}, {});`, `users.updateOne({}, {})`, "mongodb", "mongodb:users"],
    ["a collection set in the constructor, named by a constant", `const C = { orders: "orders" } as const;\nclass S {\n  constructor(db: Db) { this.orders = db.collection(C.orders); }\n  f() { return this.orders.findOne({}); }\n}`, `this.orders.findOne({})`, "mongodb", "mongodb:orders"],
    ["a collection parameter: no collection", `export function f(c: Collection) {\n  return c.findOne({});\n}`, `c.findOne({})`, "mongodb", undefined],
  ])("%s", (_name, code, call, library, table) => expect(tableIn(code, call, library)).toBe(table));
});

describe("Prisma views", () => {
  it("reads through a view name no table: the tables under it are not in the schema (cal.com's BookingTimeStatus)", async () => {
    const { readTablesOf } = await import("../../src/analysis/data-tables.js");
    const { parsePrismaSchema, hasModel } = await import("../../src/analysis/prisma-schema.js");
    const schema = parsePrismaSchema([`model Booking {\n  id Int @id\n  rating Int?\n}\nview BookingTimeStatus {\n  id Int @unique\n  rating Int?\n}`]);
    const code = `declare const prisma: any;\nprisma.bookingTimeStatus.findMany({ where: {} });\nprisma.booking.findMany({ where: {} });`;
    const sf = ts.createSourceFile("insights.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const calls: ts.CallExpression[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "findMany") calls.push(node);
      ts.forEachChild(node, visit);
    };
    visit(sf);
    expect(readTablesOf(calls[0]!, "prisma", schema)).toBeUndefined();
    expect(readTablesOf(calls[1]!, "prisma", schema)).toEqual(["prisma:booking"]);
    expect(readTablesOf(calls[0]!, "prisma")).toEqual(["prisma:bookingtimestatus"]);
    expect(hasModel(schema, "bookingtimestatus")).toBe(false);
  });
});
