// Mongoose models and MongoDB collections read in one file and written in another (models imported from a
// models module, NestJS @InjectModel, the driver's db.collection): the read is review, naming the write; a model
// or collection nobody writes stays safe.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runAssessment } from "../../src/scan/assess.js";
import { planMigration } from "../../src/migrate/plan.js";
import { CODEMODS } from "../../codemods/index.js";

const root = mkdtempSync(join(tmpdir(), "optimigrate-written-elsewhere-mongo-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const files: Record<string, string> = {
  "src/models/user.ts": `import mongoose, { Schema, model } from "mongoose";
export const UserModel = mongoose.model("User", new Schema({ name: String }));
export const Post = model<{ title: string }>("Post", new Schema({ title: String }));
`,
  "src/services/user-reader.ts": `import { UserModel, Post } from "../models/user";
export async function getUsers(team: string) {
  return UserModel.find({ team }).select("name team").lean();
}
export async function getPosts(author: string) {
  return Post.find({ author }).lean();
}
`,
  "src/services/user-writer.ts": `import { UserModel as Users } from "../models/user";
export async function register(name: string) {
  await new Users({ name }).save();
}
`,
  "src/cats/cat.schema.ts": `import { Prop, Schema, SchemaFactory } from "@nestjs/mongoose";
@Schema()
export class Cat {
  @Prop() name: string;
}
export const CatSchema = SchemaFactory.createForClass(Cat);
`,
  "src/cats/cats.service.ts": `import { Injectable } from "@nestjs/common";
import { InjectModel } from "@nestjs/mongoose";
import { Model } from "mongoose";
import { Cat } from "./cat.schema";
@Injectable()
export class CatsService {
  constructor(@InjectModel(Cat.name) private catModel: Model<Cat>) {}
  async getCat(id: string) {
    return this.catModel.findById(id).lean();
  }
}
`,
  "src/admin/cats-admin.service.ts": `import { Injectable } from "@nestjs/common";
import { InjectModel } from "@nestjs/mongoose";
import { Model } from "mongoose";
import { Cat } from "../cats/cat.schema";
@Injectable()
export class CatsAdminService {
  constructor(@InjectModel(Cat.name) private readonly cats: Model<Cat>) {}
  async rename(id: string, name: string) {
    return this.cats.findByIdAndUpdate(id, { name });
  }
}
`,
  "src/db.ts": `import { MongoClient } from "mongodb";
export const db = new MongoClient(process.env.MONGO_URL!).db("shop");
`,
  "src/orders-read.ts": `import { db } from "./db";
export async function getOrders(customer: string) {
  return db.collection("orders").find({ customer }).toArray();
}
export async function getInvoices(customer: string) {
  return db.collection("invoices").find({ customer }).toArray();
}
`,
  "src/orders-write.ts": `import { db } from "./db";
const orders = db.collection("orders");
export async function cancel(id: string) {
  await orders.updateOne({ id }, { $set: { cancelled: true } });
}
`,
};
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

const elsewhere = (table: string, where: string) =>
  `reads \`${table}\`, which \`${where}\` writes; a cached read can return data the app itself has since changed, for the whole TTL`;

describe("reads of a Mongoose model or MongoDB collection another file writes", () => {
  it("assess: review, naming the write; models and collections nobody writes stay safe", async () => {
    const assessment = await runAssessment({ root, paths: [root], workers: 0 });
    const at = (file: string, line: number) => assessment.findings.find((f) => f.file === file && f.line === line);
    expect(at("src/services/user-reader.ts", 3)).toMatchObject({ codemod: "cache-wrap", safety: "review", reasons: [elsewhere("user", "src/services/user-writer.ts:3")] });
    expect(at("src/services/user-reader.ts", 6)).toMatchObject({ codemod: "cache-wrap", safety: "safe" });
    expect(at("src/cats/cats.service.ts", 9)).toMatchObject({ codemod: "cache-wrap", safety: "review", reasons: [elsewhere("cat", "src/admin/cats-admin.service.ts:9")] });
    expect(at("src/orders-read.ts", 3)).toMatchObject({ codemod: "cache-wrap", safety: "review", reasons: [elsewhere("orders", "src/orders-write.ts:4")] });
    expect(at("src/orders-read.ts", 6)).toMatchObject({ codemod: "cache-wrap", safety: "safe" });
  });

  it("migrate: leaves the reads others write alone by default, wraps the rest", async () => {
    const plan = await planMigration({ root, paths: [root], codemods: CODEMODS.filter((c) => c.name === "cache-wrap"), batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false, workers: 0 });
    const skips = (path: string) => plan.files.find((f) => f.path === path)?.skips.map((s) => [s.line, s.reasons.map((r) => r.id)]);
    expect(skips("src/services/user-reader.ts")).toEqual([[2, ["cache-written-elsewhere"]]]);
    expect(skips("src/cats/cats.service.ts")).toEqual([[8, ["cache-written-elsewhere"]]]);
    expect(skips("src/orders-read.ts")).toEqual([[2, ["cache-written-elsewhere"]]]);
    expect(plan.files.find((f) => f.path === "src/services/user-reader.ts")?.updated).toContain('cached("posts"');
  });
});
