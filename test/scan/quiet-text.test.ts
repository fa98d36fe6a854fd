// Which texts need no parse: none of what a finding, an export or a written table starts from.
import { describe, expect, it } from "vitest";
import { buildCatalog } from "../../src/detect/catalog-index.js";
import { importSpecifiers } from "../../src/scan/import-specifiers.js";
import { isQuietText } from "../../src/scan/quiet-text.js";

const catalog = buildCatalog({ "@acme/billing-sdk": "api" });
const quiet = (text: string) => isQuietText(text, importSpecifiers(text), catalog);

describe("isQuietText", () => {
  it.each([
    ["a utility module", `import { z } from "zod";\nexport const add = (a: number, b: number) => a + b;\n`],
    ["a component importing project modules", `import React from "react";\nimport { Button } from "./button";\nexport const Page = () => <Button />;\n`],
    ["a Map's get and delete", `const seen = new Map();\nexport function forget(k) { seen.get(k); seen.clear(); }\n`],
    ["a literal require", `const path = require("node:path");\nmodule.exports = { join: path.join };\n`],
    ["the word fetch inside another name", `export const prefetchLinks = (xs) => xs.map(refetchable);\n`],
  ])("%s is quiet", (_label, text) => {
    expect(quiet(text)).toBe(true);
  });

  it.each([
    ["an await", `export function f(p) { return p.then(async () => 1); }\n`],
    ["an await in a loop", `for (const x of xs) await save(x);\n`],
    ["a catalog library", `import axios from "axios";\nexport const api = axios.create({ baseURL: "/" });\n`],
    ["a type from a catalog library", `import type { PrismaClient } from "@prisma/client";\nexport const users = (db: PrismaClient) => db.user.findMany();\n`],
    ["a library named in the config", `import { Billing } from "@acme/billing-sdk";\nexport const billing = new Billing();\n`],
    ["a library's subpath", `const { S3Client } = require("@aws-sdk/client-s3");\n`],
    ["the global fetch", `export const load = (url) => fetch(url).then((r) => r.json());\n`],
    ["window.fetch", `export const load = (url) => window.fetch(url);\n`],
    ["a require by name", `const name = "pg";\nconst pg = require(name);\n`],
    ["require handed on", `const load = require;\nconst pg = load("pg");\n`],
    ["a template-literal require", "const pg = require(`pg`);\n"],
    ["a dynamic import", `export const lazy = (m) => import(m);\n`],
    ["a model's create (the fallback's write)", `export const add = (data) => User.create(data);\n`],
    ["a repository's save across lines", `export const put = (e) => this.repo\n  .save(e);\n`],
    ["a generic create", `export const add = (data) => Order.create<Order>(data);\n`],
    ["an optional call of a write", `export const drop = (m) => m.destroy?.();\n`],
    ["a delete", `export const forget = (id) => users.delete(id);\n`],
  ])("%s is not quiet", (_label, text) => {
    expect(quiet(text)).toBe(false);
  });
});
