import { describe, expect, it } from "vitest";
import { oneLine } from "../../src/one-line.js";
import { detectFile } from "../../src/detect/detect-file.js";
import { buildCatalog } from "../../src/detect/catalog-index.js";
import { parseSource } from "../../src/scan/parse.js";

describe("code shown on one line", () => {
  it.each([
    ['supabase\n    .from("users")\n    .select("*")', 'supabase.from("users").select("*")'],
    ["user\n  ?.profile\n  ?.name", "user?.profile?.name"],
    ["fetch(url, {\n  method: 'POST',\n})", "fetch(url, { method: 'POST', })"],
    ['log("a .b")', 'log("a .b")'],
    ["a +\n  .5", "a + .5"],
  ])("%j -> %j", (code, shown) => {
    expect(oneLine(code)).toBe(shown);
  });

  it("a finding's code joins a query chain broken over lines", () => {
    const text = `import { createClient } from "@supabase/supabase-js";\nconst supabase = createClient("u", "k");\nexport async function load() {\n  return supabase\n    .from("users")\n    .select("*");\n}\n`;
    const { findings } = detectFile(parseSource("a.ts", text).sourceFile, { fileLabel: "a.ts", catalog: buildCatalog(), verdicts: false });
    expect(findings.map((f) => f.code)).toEqual(['supabase.from("users").select("*")']);
  });
});
