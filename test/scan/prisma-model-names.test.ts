// modelsNamedBy as a table: a relation field's name and the app's Prisma models -> those the name fits.
import { describe, expect, it } from "vitest";
import { modelsNamedBy } from "../../src/scan/prisma-model-names.js";

describe("modelsNamedBy", () => {
  it.each<[string, string[], string[]]>([
    ["members", ["team", "teammember", "plan"], ["teammember"]],
    ["members", ["member", "teammember"], ["member", "teammember"]],
    ["teamMembers", ["teammember", "member"], ["teammember"]],
    ["categories", ["category", "post"], ["category"]],
    ["addresses", ["address"], ["address"]],
    ["statuses", ["status"], ["status"]],
    ["responses", ["response"], ["response"]],
    ["profile", ["profile", "user"], ["profile"]],
    ["owner", ["user", "team"], []],
    ["id", ["paid"], []],
  ])("%s in %j", (field, models, named) => {
    expect(modelsNamedBy(field, models)).toEqual(named);
  });
});
