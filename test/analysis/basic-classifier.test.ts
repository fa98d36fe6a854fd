// The fallback classifier the analyses use when the catalog does not know a call: common shapes only,
// and nothing for a receiver that merely ends in a database-sounding word.
import { describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { basicClassifier } from "../../src/analysis/external-calls.js";

function classify(expression: string): string {
  const sf = ts.createSourceFile("x.ts", `${expression};`, ts.ScriptTarget.Latest, true);
  const statement = sf.statements[sf.statements.length - 1] as ts.ExpressionStatement;
  const hit = basicClassifier(statement.expression as ts.CallExpression);
  return hit ? `${hit.kind} ${hit.library} ${hit.operation}` : "none";
}

const cases: [string, string][] = [
  ["this.manager.save(user)", "db-query orm write"],
  ["dataSource.manager.find(User)", "db-query orm read"],
  ["entityManager.remove(user)", "db-query orm write"],
  ["userRepository.findOneBy({ id })", "db-query orm read"],
  ["User.destroy({ where: { id } })", "db-query orm write"],
  ["this.currentCodeReviewPromptManager.destroy()", "none"],
  ["taskManager.save()", "none"],
  ["axios.get(url)", "api-call axios read"],
  ["User.create({ name })", "db-query orm write"],
  ["GetChangesCommand.create({ environmentId })", "none"],
  ["GqlExecutionContext.create(context)", "none"],
  ["AppModule.register({})", "none"],
  ["Object.create(proto)", "none"],
  ["CreateUserDto.create(body)", "none"],
  ["Redis.defaultClient.get(key)", "db-query redis read"],
  ["Redis.defaultClient.set(key, value, \"EX\", 60)", "db-query redis write"],
  ["this.redisClient.hgetall(key)", "db-query redis read"],
  ["this.redis.del(key)", "db-query redis write"],
  ["apiClient.get(url)", "api-call http read"],
  ["cacheMap.get(key)", "none"],
  // a list of values, not a model class
  ["SENTIMENT_VALUE_ORDER.find((value) => value === id)", "none"],
  ["const Roles = [\"admin\", \"member\"] as const;\nRoles.find((role) => role === name)", "none"],
  ["const Limits = { free: [1], pro: [2] } satisfies Record<string, number[]>;\nLimits.exists(\"pro\")", "none"],
  ["User.find({ active: true })", "db-query orm read"],
  // TypeORM: create() and merge() build an entity in memory, save() writes it
  ["this.appTokenRepository.create({ userId })", "none"],
  ["this.appTokenRepository.merge(token, changes)", "none"],
  ["this.appTokenRepository.save(token)", "db-query orm write"],
];

describe("basicClassifier", () => {
  it.each(cases)("%s -> %s", (expression, expected) => {
    expect(classify(expression)).toBe(expected);
  });
});

describe("knex raw() fragments", () => {
  /** The classification of the first `.raw(` call in the snippet. */
  function classifyRaw(code: string): string {
    const sf = ts.createSourceFile("x.ts", code, ts.ScriptTarget.Latest, true);
    let raw: ts.CallExpression | undefined;
    const visit = (node: ts.Node): void => {
      if (!raw && ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "raw") raw = node;
      ts.forEachChild(node, visit);
    };
    visit(sf);
    const hit = basicClassifier(raw!);
    return hit ? `${hit.kind} ${hit.library} ${hit.operation}` : "none";
  }

  it.each([
    [`this.db("roles").where("id", this.db.raw("(SELECT id FROM roles WHERE name = ?)", ["Admin"]));`, "none"],
    [`this.db("f").select(["name", this.db.raw("'default' as project")]);`, "none"],
    [`db("t").update({ n: db.raw("n + 1") });`, "none"],
    [`async function f() { await db.raw("SELECT 1"); }`, "db-query sql read"],
    [`function f() { return db.raw("UPDATE t SET a = 1"); }`, "db-query sql write"],
    [`Promise.all([db.raw("SELECT 1")]);`, "db-query sql read"],
  ])("%s -> %s", (code, expected) => {
    expect(classifyRaw(code)).toBe(expected);
  });
});

describe("sql`…` fragments are no queries of their own", () => {
  /** The classification of the innermost (last) tagged template whose tag ends in `sql`. */
  function classifyTagged(code: string): string {
    const sf = ts.createSourceFile("x.ts", code, ts.ScriptTarget.Latest, true);
    let tagged: ts.TaggedTemplateExpression | undefined;
    const visit = (node: ts.Node): void => {
      if (ts.isTaggedTemplateExpression(node) && /sql$/.test(node.tag.getText(sf)) && !/queryRaw/.test(node.tag.getText(sf))) tagged = node;
      ts.forEachChild(node, visit);
    };
    visit(sf);
    const hit = basicClassifier(tagged as unknown as ts.CallExpression);
    return hit ? `${hit.kind} ${hit.library} ${hit.operation}` : "none";
  }

  it.each([
    ["a query sent", "async function f() { return sql`SELECT * FROM users`; }", "db-query sql read"],
    ["Prisma.sql, wherever it is", "const where = Prisma.sql`WHERE id = ${id}`;", "none"],
    ["put into another query's ${…}", "sql`SELECT * FROM users WHERE ${sql`id = ${id}`}`;", "none"],
    ["a branch of a conditional ${…}", "prisma.$queryRaw`SELECT * FROM t ${cursor ? sql`WHERE id > ${cursor}` : sql.empty}`;", "none"],
    ["handed to a call that sends it", "db.execute(sql`SELECT * FROM users`);", "none"],
    ["handed to a helper that may run it", "withRetry(sql`UPDATE users SET seen = now()`);", "db-query sql write"],
    ["two queries sent at once", "Promise.all([sql`SELECT * FROM a`, sql`SELECT * FROM b`]);", "db-query sql read"],
  ])("%s", (_name, code, expected) => expect(classifyTagged(code)).toBe(expected));
});
