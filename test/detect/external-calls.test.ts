// The api-call / db-query detector as a table: snippet → the findings it must produce (and nothing else).
import { describe, expect, it } from "vitest";
import { brief, detect } from "../support/detect.js";

const only = (code: string) => detect(code).filter((f) => f.kind !== "sequential-await").map(brief);

const cases: { name: string; code: string; expected: string[] }[] = [
  // HTTP clients
  { name: "global fetch GET", code: `async function f() {\n  return fetch("/a");\n}`, expected: ["api-call 2 fetch read"] },
  { name: "global fetch with POST init", code: `fetch("/a", { method: "POST", body: "x" });`, expected: ["api-call 1 fetch write"] },
  { name: "fetch with a method held in a constant", code: `const init = { method: "PUT" };\nfetch("/a", init);`, expected: ["api-call 2 fetch write"] },
  { name: "fetch with unknown options", code: `export function f(opts: RequestInit) {\n  return fetch("/a", opts);\n}`, expected: ["api-call 2 fetch unknown"] },
  { name: "node-fetch default import", code: `import fetch from "node-fetch";\nfetch("/a");`, expected: ["api-call 2 node-fetch read"] },
  { name: "axios default, methods", code: `import axios from "axios";\naxios.get("/a");\naxios.post("/b", {});\naxios.delete("/c");`, expected: ["api-call 2 axios read", "api-call 3 axios write", "api-call 4 axios write"] },
  { name: "axios called with a config", code: `import axios from "axios";\naxios({ url: "/a", method: "patch" });`, expected: ["api-call 2 axios write"] },
  { name: "axios.create instance used in another function", code: `import axios from "axios";\nconst api = axios.create({ baseURL: "/" });\nexport function load() {\n  return api.get("/users");\n}`, expected: ["api-call 4 axios read"] },
  { name: "axios through require", code: `const axios = require("axios");\naxios.get("/a");`, expected: ["api-call 2 axios read"] },
  { name: "axios named through destructured require", code: `const { default: http } = require("axios");\nhttp.put("/a");`, expected: ["api-call 2 axios write"] },
  { name: "axios.get(...).then is reported once, at the request", code: `import axios from "axios";\naxios.get("/a").then((r) => r.data);`, expected: ["api-call 2 axios read"] },
  { name: "undici request and fetch", code: `import { request, fetch } from "undici";\nrequest("http://x", { method: "POST" });\nfetch("http://y");`, expected: ["api-call 2 undici write", "api-call 3 undici read"] },
  { name: "got and its methods", code: `import got from "got";\ngot("https://x").json();\ngot.post("https://x");`, expected: ["api-call 2 got read", "api-call 3 got write"] },
  { name: "ky", code: `import ky from "ky";\nky.get("x").json();`, expected: ["api-call 2 ky read"] },
  { name: "superagent chain sends when awaited", code: `import request from "superagent";\nasync function f() {\n  await request.post("/a").send({}).set("X", "1");\n}`, expected: ["api-call 3 superagent write"] },
  { name: "graphql-request query and mutation", code: `import { request, gql } from "graphql-request";\nconst Q = gql\`query { me { id } }\`;\nrequest("/gql", Q);\nrequest("/gql", \`mutation { a }\`);`, expected: ["api-call 3 graphql-request read", "api-call 4 graphql-request write"] },
  { name: "apollo client", code: `import { ApolloClient } from "@apollo/client";\nconst client = new ApolloClient({});\nclient.query({ query: Q });\nclient.mutate({ mutation: M });`, expected: ["api-call 3 @apollo/client read", "api-call 4 @apollo/client write"] },
  // SDKs
  { name: "openai chat completion is a read", code: `import OpenAI from "openai";\nconst openai = new OpenAI();\nopenai.chat.completions.create({ model: "m", messages: [] });\nopenai.embeddings.create({ model: "e", input: "x" });\nopenai.files.create({ file, purpose: "x" });`, expected: ["api-call 3 openai read", "api-call 4 openai read", "api-call 5 openai write"] },
  { name: "openai responses", code: `import { OpenAI } from "openai";\nconst client = new OpenAI();\nclient.responses.create({ model: "m", input: "hi" });`, expected: ["api-call 3 openai read"] },
  { name: "anthropic messages", code: `import Anthropic from "@anthropic-ai/sdk";\nconst anthropic = new Anthropic();\nanthropic.messages.create({ model: "m", max_tokens: 1, messages: [] });`, expected: ["api-call 3 @anthropic-ai/sdk read"] },
  { name: "AWS v3 send with commands", code: `import { S3Client, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";\nconst s3 = new S3Client({});\ns3.send(new GetObjectCommand({}));\nconst put = new PutObjectCommand({});\ns3.send(put);`, expected: ["api-call 3 @aws-sdk/client-s3 read", "api-call 5 @aws-sdk/client-s3 write"] },
  { name: "DynamoDB is a database", code: `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";\nimport { DynamoDBDocumentClient, QueryCommand, PutCommand } from "@aws-sdk/lib-dynamodb";\nconst doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));\ndoc.send(new QueryCommand({}));\ndoc.send(new PutCommand({}));`, expected: ["db-query 4 dynamodb read", "db-query 5 dynamodb write"] },
  { name: "AWS v2 with .promise()", code: `import AWS from "aws-sdk";\nconst s3 = new AWS.S3();\ns3.getObject({}).promise();\nconst docs = new AWS.DynamoDB.DocumentClient();\ndocs.put({}).promise();`, expected: ["api-call 3 aws-sdk read", "db-query 5 dynamodb write"] },
  { name: "octokit rest and request", code: `import { Octokit } from "@octokit/rest";\nconst gh = new Octokit();\ngh.rest.repos.get({ owner, repo });\ngh.rest.issues.create({});\ngh.request("GET /repos/{owner}/{repo}");`, expected: ["api-call 3 @octokit read", "api-call 4 @octokit write", "api-call 5 @octokit read"] },
  { name: "@actions/github namespace: getOctokit gives an Octokit, context is not a client", code: `import * as github from "@actions/github";\nasync function run(token: string) {\n  const octokit = github.getOctokit(token);\n  await octokit.rest.issues.get({ ...github.context.repo, issue_number: 1 });\n  await octokit.rest.issues.createComment({ ...github.context.issue, body: "x" });\n  await octokit.graphql(\`query { viewer { login } }\`);\n  await octokit.request("POST /repos/{owner}/{repo}/dispatches");\n}`, expected: ["api-call 4 @octokit read", "api-call 5 @octokit write", "api-call 6 @octokit read", "api-call 7 @octokit write"] },
  { name: "@actions/github named getOctokit, through require too", code: `import { getOctokit, context } from "@actions/github";\nconst gh = getOctokit(process.env.TOKEN!);\ngh.rest.pulls.list({ ...context.repo });\nconst { getOctokit: make } = require("@actions/github");\nmake("t").rest.repos.delete({});`, expected: ["api-call 3 @octokit read", "api-call 5 @octokit write"] },
  { name: "probot: typed Context in app.on and a typed handler", code: `import { Probot, Context } from "probot";\nexport default (app: Probot) => {\n  app.on("issues.opened", async (context: Context) => {\n    await context.octokit.issues.createComment(context.issue({ body: "hi" }));\n  });\n};\nasync function handle(context: Context<"push">) {\n  await context.octokit.rest.repos.get(context.repo());\n  await context.config("bot.yml");\n}`, expected: ["api-call 4 @octokit write", "api-call 8 @octokit read", "api-call 9 @octokit read"] },
  { name: "probot: app.auth gives a client without a request of its own; ProbotOctokit is an Octokit", code: `import { Probot, ProbotOctokit } from "probot";\nexport async function sync(app: Probot, installationId: number) {\n  const octokit = await app.auth(installationId);\n  await octokit.apps.listReposAccessibleToInstallation();\n  const bot = new ProbotOctokit({ auth: { token: "t" } });\n  await bot.issues.update({});\n}`, expected: ["api-call 4 @octokit read", "api-call 6 @octokit write"] },
  { name: "stripe resources", code: `import Stripe from "stripe";\nconst stripe = new Stripe(key);\nstripe.customers.retrieve("c");\nstripe.paymentIntents.create({});`, expected: ["api-call 3 stripe read", "api-call 4 stripe write"] },
  { name: "stripe through require call", code: `const stripe = require("stripe")(process.env.KEY);\nstripe.charges.list();`, expected: ["api-call 2 stripe read"] },
  { name: "googleapis", code: `import { google } from "googleapis";\nconst sheets = google.sheets({ version: "v4" });\nsheets.spreadsheets.values.get({});\nsheets.spreadsheets.values.update({});`, expected: ["api-call 3 googleapis read", "api-call 4 googleapis write"] },
  { name: "twilio", code: `import twilio from "twilio";\nconst client = twilio(sid, token);\nclient.messages.create({});\nclient.calls("CA1").fetch();`, expected: ["api-call 3 twilio write", "api-call 4 twilio read"] },
  // SQL drivers
  { name: "pg pool and client", code: `import { Pool } from "pg";\nconst pool = new Pool();\nasync function f() {\n  const client = await pool.connect();\n  await client.query("SELECT * FROM t");\n  await pool.query(\`INSERT INTO t VALUES ($1)\`, [1]);\n}`, expected: ["db-query 5 pg read", "db-query 6 pg write"] },
  { name: "pg default import namespace", code: `import pg from "pg";\nconst pool = new pg.Pool();\npool.query({ text: "DELETE FROM t" });`, expected: ["db-query 3 pg write"] },
  { name: "pg typed parameter", code: `import type { Pool } from "pg";\nexport function count(db: Pool) {\n  return db.query("select count(*) from t");\n}`, expected: ["db-query 3 pg read"] },
  { name: "mysql2 promise pool", code: `import mysql from "mysql2/promise";\nconst pool = mysql.createPool({});\npool.execute("SELECT 1");`, expected: ["db-query 3 mysql2 read"] },
  { name: "better-sqlite3 prepared statements", code: `import Database from "better-sqlite3";\nconst db = new Database("x.db");\ndb.prepare("SELECT * FROM t").all();\ndb.prepare("UPDATE t SET a = 1").run();`, expected: ["db-query 3 better-sqlite3 read", "db-query 4 better-sqlite3 write"] },
  { name: "sqlite3", code: `const sqlite3 = require("sqlite3");\nconst db = new sqlite3.Database(":memory:");\ndb.all("SELECT 1", cb);`, expected: ["db-query 3 sqlite3 read"] },
  // ORMs and query builders
  { name: "prisma models, raw queries", code: `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\nprisma.user.findMany();\nprisma.post.upsert({});\nprisma.$queryRaw\`SELECT 1\`;\nprisma.$executeRaw\`UPDATE t SET a = 1\`;\nprisma.$connect();`, expected: ["db-query 3 prisma read", "db-query 4 prisma write", "db-query 5 prisma read", "db-query 6 prisma write"] },
  { name: "prisma service class (NestJS)", code: `import { PrismaClient } from "@prisma/client";\nclass PrismaService extends PrismaClient {}\nclass Users {\n  constructor(private readonly prisma: PrismaService) {}\n  find() { return this.prisma.user.findUnique({ where: { id: 1 } }); }\n}`, expected: ["db-query 5 prisma read"] },
  { name: "knex chain reported once at the end", code: `import knex from "knex";\nconst db = knex({ client: "pg" });\nasync function f() {\n  await db("users").where({ id: 1 }).first();\n  await db("users").insert({ a: 1 }).returning("id");\n  return db.select("*").from("t");\n}`, expected: ["db-query 4 knex read", "db-query 5 knex write", "db-query 6 knex read"] },
  { name: "knex builder kept in a variable and awaited", code: `import knex from "knex";\nconst db = knex({});\nasync function f() {\n  const q = db("users").where({ a: 1 }).update({ b: 2 });\n  await q;\n}`, expected: ["db-query 5 knex write"] },
  { name: "kysely", code: `import { Kysely } from "kysely";\nconst db = new Kysely<DB>({ dialect });\ndb.selectFrom("person").selectAll().execute();\ndb.insertInto("person").values({}).executeTakeFirst();`, expected: ["db-query 3 kysely read", "db-query 4 kysely write"] },
  { name: "drizzle", code: `import { drizzle } from "drizzle-orm/node-postgres";\nconst db = drizzle(pool);\nasync function f() {\n  await db.select().from(users).where(eq(users.id, 1));\n  await db.insert(users).values({});\n  await db.query.users.findMany();\n}`, expected: ["db-query 4 drizzle-orm read", "db-query 5 drizzle-orm write", "db-query 6 drizzle-orm read"] },
  { name: "typeorm repository, manager and builder", code: `import { DataSource, Repository } from "typeorm";\nconst ds = new DataSource({});\nconst repo = ds.getRepository(User);\nrepo.findOneBy({ id: 1 });\nrepo.save(u);\nds.manager.query("select 1");\nrepo.createQueryBuilder("u").where("u.id = 1").getMany();\nclass S { constructor(private users: Repository<User>) {} a() { return this.users.delete(1); } }`, expected: ["db-query 4 typeorm read", "db-query 5 typeorm write", "db-query 6 typeorm read", "db-query 7 typeorm read", "db-query 8 typeorm write"] },
  { name: "typeorm migrations through a typed QueryRunner", code: `import { MigrationInterface, QueryRunner } from "typeorm";\nexport class Init implements MigrationInterface {\n  async up(queryRunner: QueryRunner) {\n    await queryRunner.query(\`CREATE TABLE "user" (id int)\`);\n  }\n}`, expected: ["db-query 4 typeorm write"] },
  { name: "sequelize models", code: `import { Sequelize, Model } from "sequelize";\nconst sequelize = new Sequelize("x");\nclass User extends Model {}\nUser.findAll();\nUser.create({});\nsequelize.query("SELECT 1");\nconst Post = sequelize.define("Post", {});\nPost.findByPk(1);`, expected: ["db-query 4 sequelize read", "db-query 5 sequelize write", "db-query 6 sequelize read", "db-query 8 sequelize read"] },
  { name: "mongoose model statics and exec", code: `import mongoose from "mongoose";\nconst User = mongoose.model("User", schema);\nasync function f() {\n  await User.find({ a: 1 }).lean().exec();\n  await User.findById(1);\n  await User.updateOne({}, {});\n  await User.create({});\n}`, expected: ["db-query 4 mongoose read", "db-query 5 mongoose read", "db-query 6 mongoose write", "db-query 7 mongoose write"] },
  { name: "mongodb driver", code: `import { MongoClient } from "mongodb";\nconst client = new MongoClient(url);\nconst users = client.db("app").collection("users");\nasync function f() {\n  await users.find({}).toArray();\n  await users.insertOne({});\n  await users.findOne({});\n}`, expected: ["db-query 5 mongodb read", "db-query 6 mongodb write", "db-query 7 mongodb read"] },
  { name: "ioredis and node-redis", code: `import Redis from "ioredis";\nimport { createClient } from "redis";\nconst r = new Redis();\nconst c = createClient();\nr.get("k");\nr.hgetall("h");\nc.set("k", "v");\nc.hGetAll("h");\nr.pipeline().get("a").set("b", 1).exec();`, expected: ["db-query 5 ioredis read", "db-query 6 ioredis read", "db-query 7 redis write", "db-query 8 redis read", "db-query 9 ioredis write"] },
  { name: "supabase", code: `import { createClient } from "@supabase/supabase-js";\nconst supabase = createClient(url, key);\nasync function f() {\n  await supabase.from("users").select("*").eq("id", 1).single();\n  await supabase.from("users").insert({});\n}`, expected: ["db-query 4 @supabase/supabase-js read", "db-query 5 @supabase/supabase-js write"] },
  { name: "re-assigned client", code: `import OpenAI from "openai";\nlet client;\nfunction init() { client = new OpenAI(); }\nasync function ask() { return client.chat.completions.create({}); }`, expected: ["api-call 4 openai read"] },
  { name: "client from a class field", code: `import axios from "axios";\nclass Api {\n  private http = axios.create();\n  list() { return this.http.get("/items"); }\n}`, expected: ["api-call 4 axios read"] },
  { name: "libraries from the config", code: `import { client } from "@acme/http";\nimport store from "@acme/store";\nclient.getUser(1);\nstore.saveOrder({});`, expected: ["api-call 3 @acme/http read", "db-query 4 @acme/store write"] },
  // Non-findings (precision)
  { name: "an express route is not a request", code: `import express from "express";\nconst app = express();\napp.get("/users/:id", handler);\napp.post("/users", handler);`, expected: [] },
  { name: "Map.get, headers.get, array.find, _.get", code: `import _ from "lodash";\nconst m = new Map();\nm.get("a");\nreq.headers.get("x");\n[1, 2].find((x) => x);\n_.get(obj, "a.b");`, expected: [] },
  { name: "a string containing SELECT", code: `const sql = "SELECT * FROM users";\nconsole.log(sql);`, expected: [] },
  { name: "a local function called fetchSomething", code: `function fetchConfig() { return {}; }\nfetchConfig();`, expected: [] },
  { name: "a local fetch shadows the global", code: `function fetch(x: string) { return x; }\nfetch("/a");`, expected: [] },
  { name: "a parameter named fetch shadows the global", code: `export function make(fetch: (u: string) => void) {\n  fetch("/a");\n}`, expected: [] },
  { name: "a variable that shadows an import", code: `import axios from "axios";\nfunction f(axios: { get(k: string): void }) {\n  axios.get("k");\n}`, expected: [] },
  { name: "pool.connect and prisma.$connect are not queries", code: `import { Pool } from "pg";\nimport { PrismaClient } from "@prisma/client";\nconst pool = new Pool();\npool.connect();\nnew PrismaClient().$connect();`, expected: [] },
  { name: "knex builder that is never sent", code: `import knex from "knex";\nconst db = knex({});\nconst sql = db("users").where({ a: 1 }).toString();`, expected: [] },
  { name: "@actions/github context and a local getOctokit are not clients", code: `import * as github from "@actions/github";\nimport { context } from "@actions/github";\ngithub.context.payload.issue.get("x");\ncontext.issue.create;\nconst local = { getOctokit: (t: string) => ({ rest: { issues: { get: (x: unknown) => x } } }) };\nlocal.getOctokit("t").rest.issues.get({});`, expected: [] },
  { name: "a context.octokit whose type is not probot's", code: `import type { Context } from "./context";\nasync function a(context: Context) { await context.octokit.issues.createComment({}); }\nasync function b(context: any) { await context.octokit.rest.repos.get({}); }\nasync function c(app: { auth(id: number): Promise<any> }) { (await app.auth(1)).issues.get({}); }`, expected: [] },
  { name: "untyped Probot app in JavaScript: context cannot be known from syntax", code: `module.exports = (app) => {\n  app.on("issues.opened", async (context) => {\n    await context.octokit.issues.createComment(context.issue({ body: "hi" }));\n  });\n};`, expected: [] },
  { name: "an inline ignore comment", code: `// optimigrate-ignore-next-line\nfetch("/health");\nfetch("/x"); // optimigrate-ignore`, expected: [] },
];

describe("api-call and db-query detection", () => {
  it.each(cases)("$name", ({ code, expected }) => {
    expect(only(code)).toEqual(expected);
  });
});

describe("values that come out of queries", () => {
  it("treats an awaited Mongoose document as a document, not as the query", () => {
    const code = `import mongoose from "mongoose";\nconst Token = mongoose.model("Token", schema);\nasync function f() {\n  const doc = await Token.findOne({});\n  await doc.remove();\n  const rows = await Token.find({});\n  rows.map((r) => r.id);\n}`;
    expect(only(code)).toEqual(["db-query 4 mongoose read", "db-query 5 mongoose write", "db-query 6 mongoose read"]);
  });

  it("treats the rows of an awaited knex query as data", () => {
    const code = `import knex from "knex";\nconst db = knex({});\nasync function f() {\n  const rows = await db("t").where({ a: 1 });\n  return rows.filter((r) => r.ok).first;\n}`;
    expect(only(code)).toEqual(["db-query 4 knex read"]);
  });
});
