// The fallback classifier the analyses use when the catalog does not know a call: common shapes only,
// and nothing for a receiver that merely ends in a database-sounding word.
import { describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { basicClassifier } from "../../src/analysis/external-calls.js";

function classify(expression: string): string {
  const sf = ts.createSourceFile("x.ts", `${expression};`, ts.ScriptTarget.Latest, true);
  const statement = sf.statements[0] as ts.ExpressionStatement;
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
];

describe("basicClassifier", () => {
  it.each(cases)("%s -> %s", (expression, expected) => {
    expect(classify(expression)).toBe(expected);
  });
});
