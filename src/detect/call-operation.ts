// Applies a catalog OperationRule to one call's arguments.
import { ts } from "ts-morph";
import type { Operation } from "../findings.js";
import type { OperationRule } from "./catalog.js";
import { skipOuter } from "./bindings.js";
import type { ValueEvaluator } from "./evaluate.js";
import { singleReturn } from "../analysis/local-functions.js";
import { literalText, objectLiteralsOf, propertyValue } from "./literal-text.js";
import {
  operationFromAwsCommand,
  operationFromGraphql,
  operationFromHttpMethod,
  operationFromName,
  operationFromRoute,
  operationFromSql,
} from "./operation.js";

function argumentsOf(call: ts.CallExpression | ts.TaggedTemplateExpression): readonly ts.Node[] {
  return ts.isCallExpression(call) ? call.arguments : [call.template];
}

/**
 * fetch(url, { method }), axios({ method }), got(url, { method }): GET when no method is given.
 * `configFirst`: the first argument is the options object itself (axios.request(config)), not a URL.
 */
function httpOperation(args: readonly ts.Node[], evaluator: ValueEvaluator, configFirst = false): Operation {
  for (const arg of args) {
    if (!ts.isExpression(arg)) continue;
    const objects = objectLiteralsOf(arg, evaluator);
    if (!objects) {
      // An options object we cannot see (`opts`, `this.config`, `build()`) might carry a method.
      if ((configFirst || arg !== args[0]) && !isLiteralValue(skipOuter(arg))) return "unknown";
      continue;
    }
    // `proxy ? { agent } : {}`: every branch must say the same; one without a method says GET
    const named = objects.map((object) => object && optionsOperation(object, evaluator));
    if (named.every((op) => !op)) continue;
    const ops = new Set(named.map((op) => op ?? "read"));
    return ops.size === 1 ? [...ops][0]! : "unknown";
  }
  return "read";
}

/** The operation an options object names; undefined when it names no method. */
function optionsOperation(object: ts.ObjectLiteralExpression, evaluator: ValueEvaluator): Operation | undefined {
  const method = propertyValue(object, "method");
  // `{ method: "GET", ...init }`: what is spread in after the method may set another one
  const spreadAfter = (from: number) => object.properties.some((p) => ts.isSpreadAssignment(p) && p.pos >= from);
  if (method) {
    const text = literalText(method, evaluator);
    return text === undefined || spreadAfter(method.end) ? "unknown" : operationFromHttpMethod(text);
  }
  return spreadAfter(0) ? "unknown" : undefined;
}

function isLiteralValue(e: ts.Expression): boolean {
  return ts.isStringLiteralLike(e) || ts.isTemplateExpression(e) || ts.isNumericLiteral(e) || e.kind === ts.SyntaxKind.UndefinedKeyword || e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === "undefined");
}

function awsCommandName(arg: ts.Node | undefined, evaluator: ValueEvaluator): string | undefined {
  if (!arg || !ts.isExpression(arg)) return undefined;
  let e = skipOuter(arg);
  if (ts.isIdentifier(e)) {
    const origins = evaluator.lookup(e);
    const only = origins?.length === 1 ? origins[0] : undefined;
    if (only?.t === "expr") e = skipOuter(only.expr);
  }
  if (ts.isNewExpression(e)) {
    const ctor = e.expression;
    if (ts.isIdentifier(ctor)) return ctor.text;
    if (ts.isPropertyAccessExpression(ctor)) return ctor.name.text;
  }
  return undefined;
}

/** The operation of the query a function argument returns (`(qb) => qb.updateTable("a")…`): its one returned value. */
function returnedQueryOperation(args: readonly ts.Node[], evaluator: ValueEvaluator): Operation {
  const fn = args.find((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a));
  const returned = fn && singleReturn(fn);
  return (returned && evaluator.evaluate(returned)?.op) ?? "unknown";
}

export function callOperation(
  rule: OperationRule,
  call: ts.CallExpression | ts.TaggedTemplateExpression,
  method: string | undefined,
  evaluator: ValueEvaluator,
): Operation {
  const args = argumentsOf(call);
  switch (rule) {
    case "read":
    case "write":
    case "unknown":
      return rule;
    case "verb":
      return method ? operationFromName(method) : "unknown";
    case "http":
      return httpOperation(args, evaluator);
    case "http-config":
      return httpOperation(args, evaluator, true);
    case "sql":
      return operationFromSql(literalText(args[0], evaluator));
    case "aws-command":
      return operationFromAwsCommand(awsCommandName(args[0], evaluator));
    case "graphql": {
      for (const arg of args) {
        const op = operationFromGraphql(literalText(arg, evaluator));
        if (op !== "unknown") return op;
      }
      return "unknown";
    }
    case "route":
      return operationFromRoute(literalText(args[0], evaluator));
    case "callback":
      return returnedQueryOperation(args, evaluator);
  }
}
