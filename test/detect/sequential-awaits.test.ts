// The sequential-await detector as a table: snippet → "sequential-await <line> <loop kind>" findings.
import { describe, expect, it } from "vitest";
import { brief, detect } from "../support/detect.js";

const sequential = (code: string) => detect(code).filter((f) => f.kind === "sequential-await").map(brief);

const cases: { name: string; code: string; expected: string[] }[] = [
  { name: "await in a for…of body", code: `async function f(ids: string[]) {\n  for (const id of ids) {\n    await load(id);\n  }\n}`, expected: ["sequential-await 3 for-of"] },
  { name: "await in an index for body, condition and update", code: `async function f() {\n  for (let i = 0; i < (await count()); i = await next(i)) {\n    await step(i);\n  }\n}`, expected: ["sequential-await 2 for", "sequential-await 2 for", "sequential-await 3 for"] },
  { name: "await in a for initializer runs once", code: `async function f() {\n  for (let i = await start(); i < 3; i++) {\n    work(i);\n  }\n}`, expected: [] },
  { name: "await in the iterated expression runs once", code: `async function f() {\n  for (const row of await rows()) {\n    use(row);\n  }\n}`, expected: [] },
  { name: "await in a for…in body", code: `async function f(o: object) {\n  for (const k in o) await save(k);\n}`, expected: ["sequential-await 2 for-in"] },
  { name: "await in while condition and body", code: `async function f() {\n  while (await more()) {\n    await take();\n  }\n}`, expected: ["sequential-await 2 while", "sequential-await 3 while"] },
  { name: "await in do…while", code: `async function f() {\n  do {\n    await poll();\n  } while (!done);\n}`, expected: ["sequential-await 3 do"] },
  { name: "for await is reported at the loop", code: `async function f(stream: AsyncIterable<string>) {\n  for await (const chunk of stream) {\n    handle(chunk);\n  }\n}`, expected: ["sequential-await 2 for-await"] },
  { name: "forEach with an async callback", code: `function f(ids: string[]) {\n  ids.forEach(async (id) => {\n    await load(id);\n  });\n}`, expected: ["sequential-await 3 forEach"] },
  { name: "a callback the loop only creates is not in the loop", code: `async function f(ids: string[]) {\n  for (const id of ids) {\n    setTimeout(async () => { await load(id); }, 10);\n  }\n}`, expected: [] },
  { name: "map inside Promise.all is not sequential", code: `async function f(ids: string[]) {\n  return Promise.all(ids.map(async (id) => await load(id)));\n}`, expected: [] },
  { name: "a class declared in a loop does not make its methods sequential", code: `async function f(xs: number[]) {\n  for (const x of xs) {\n    class A { async m() { await g(); } }\n  }\n}`, expected: [] },
  { name: "nested loops report the innermost", code: `async function f(a: number[][]) {\n  for (const row of a) {\n    for (const cell of row) {\n      await put(cell);\n    }\n  }\n}`, expected: ["sequential-await 4 for-of"] },
  { name: "a for initializer inside an outer loop runs per outer iteration", code: `async function f(xs: number[]) {\n  for (const x of xs) {\n    for (let i = await first(x); i < 2; i++) {}\n  }\n}`, expected: ["sequential-await 3 for-of"] },
  { name: "waterfall of independent awaits", code: `async function f() {\n  const a = await getA();\n  const b = await getB();\n  const c = await getC();\n}`, expected: ["sequential-await 3 waterfall", "sequential-await 4 waterfall"] },
  { name: "a dependent await ends the waterfall", code: `async function f() {\n  const user = await getUser();\n  const orders = await getOrders(user.id);\n}`, expected: [] },
  { name: "waterfall split by a dependency", code: `async function f() {\n  const a = await getA();\n  const b = await getB();\n  const c = await getC(a);\n  const d = await getD();\n}`, expected: ["sequential-await 3 waterfall", "sequential-await 5 waterfall"] },
  { name: "destructured results count as used", code: `async function f() {\n  const { id } = await getA();\n  await save({ id });\n}`, expected: [] },
  { name: "other statements break a waterfall", code: `async function f() {\n  await a();\n  log("x");\n  await b();\n}`, expected: [] },
  { name: "a known write ends a waterfall: ordered writes are not needless waiting", code: `import { Pool } from "pg";\nconst pool = new Pool();\nasync function migrate() {\n  await pool.query("CREATE TABLE a (id int)");\n  await pool.query("CREATE INDEX i ON a (id)");\n  const x = await getA();\n  const y = await getB();\n}`, expected: ["sequential-await 7 waterfall"] },
  { name: "awaits run for their effect order what follows: not a waterfall", code: `import { promises as fs } from "node:fs";\nasync function install(p: string) {\n  await fs.symlink("hook.js", p);\n  await fs.chmod(p, 0o755);\n}\nasync function run(settings: { load(): Promise<void>; sync(): Promise<void> }) {\n  await settings.load();\n  await settings.sync();\n}`, expected: [] },
  { name: "an effect-only await splits the values around it", code: `async function f(client: { start(): Promise<void> }) {\n  const a = await getA();\n  await client.start();\n  const b = await getB();\n  const c = await getC();\n}`, expected: ["sequential-await 5 waterfall"] },
  { name: "assigned awaits form a waterfall like declared ones", code: `async function f() {\n  let a, b;\n  a = await getA();\n  b = await getB();\n}`, expected: ["sequential-await 4 waterfall"] },
  { name: "loop awaits are not double-counted as a waterfall", code: `async function f(xs: number[]) {\n  for (const x of xs) {\n    await a(x);\n    await b(x);\n  }\n}`, expected: ["sequential-await 3 for-of", "sequential-await 4 for-of"] },
];

describe("sequential-await detection", () => {
  it.each(cases)("$name", ({ code, expected }) => {
    expect(sequential(code)).toEqual(expected);
  });

  it("reports the loop line and the enclosing function", () => {
    const [finding] = detect(`class Sync {\n  async run(ids: string[]) {\n    for (const id of ids) {\n      await push(id);\n    }\n  }\n}`).filter((f) => f.kind === "sequential-await");
    expect(finding).toMatchObject({ line: 4, column: 7, function: "Sync.run", loop: { kind: "for-of", line: 3 }, code: "await push(id)" });
  });
});
