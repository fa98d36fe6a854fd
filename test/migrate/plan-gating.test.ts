// migrate plans only the files a codemod can change, by what the pre-pass saw; a file the pre-pass did not parse (no
// await, no client in sight) still gets its plan when it may declare a function cache-wrap looks at.
import { afterEach, describe, expect, it } from "vitest";
import { CODEMODS } from "../../codemods/index.js";
import { planMigration } from "../../src/migrate/plan.js";
import { tempProject } from "../support/temp-project.js";

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.remove());

describe("which files migrate plans", () => {
  it("wraps a function that reads through a helper of another file, in a file with no await of its own", async () => {
    project = tempProject("om-gating-");
    project.write("src/lib/http.ts", `export async function fetchJson(url: string): Promise<unknown> {\n  const res = await fetch(url);\n  return res.json();\n}\n`);
    project.write("src/users.ts", `import { fetchJson } from "./lib/http";\n\nexport function getUser(id: string): Promise<unknown> {\n  return fetchJson(\`https://people.example.com/users/\${id}\`);\n}\n`);
    project.write("src/format.ts", `export function title(text: string): string {\n  return text.toUpperCase();\n}\n`);
    const plan = await planMigration({ root: project.root, paths: [project.root], codemods: CODEMODS.filter((c) => c.name === "cache-wrap"), batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false, workers: 0 });
    const users = plan.files.find((f) => f.path === "src/users.ts");
    expect(users?.edits.some((e) => e.codemod === "cache-wrap" && e.after.includes('cached("user"'))).toBe(true);
    expect(plan.files.some((f) => f.path === "src/format.ts")).toBe(false);
  });
});
