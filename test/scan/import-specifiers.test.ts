import { describe, expect, it } from "vitest";
import { importSpecifiers, typeOnlySpecifiers } from "../../src/scan/import-specifiers.js";

describe("importSpecifiers", () => {
  it("finds imports, re-exports, require() and import()", () => {
    const text = `import db from "./db";
import type { User } from '../models/user';
import "./polyfill";
export * from "./helpers";
export { prisma } from "@acme/prisma";
const knex = require("knex");
const lazy = await import("./lazy.js");
const notAnImport = "from here";
`;
    expect(importSpecifiers(text)).toEqual(["./db", "../models/user", "./polyfill", "./helpers", "@acme/prisma", "knex", "./lazy.js"]);
  });
});

describe("typeOnlySpecifiers", () => {
  it("names the specifiers only type imports and exports name", () => {
    const text = `import type { User } from "./user";
import type * as Api from "./api";
export type { Plan } from "./plans";
import type Session from "./session";
import type { Team } from "./team";
import { createTeam } from "./team";
import { type Org, getOrg } from "./org";
import db from "./db";
import { type LambdaRouter } from "./routers/lambda";
import { type Auth as A, type Session as S, } from "./auth";
export { type Invoice } from "./billing";
import { type Config, type Env, loadConfig } from "./config";
import React, { type FC } from "react";
`;
    expect(typeOnlySpecifiers(text, importSpecifiers(text))).toEqual(["./user", "./api", "./plans", "./session", "./routers/lambda", "./auth", "./billing"]);
  });
});
