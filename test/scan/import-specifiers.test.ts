import { describe, expect, it } from "vitest";
import { importSpecifiers } from "../../src/scan/import-specifiers.js";

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
