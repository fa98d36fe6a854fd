// Items whose order the code says matters: a list it sorted (`Object.keys(groups).sort()`), or one named for
// its order (`orderedKeys`, `SYNC_TYPES_ORDER`, `migrationSequence`). Reading them in batches is fine; doing
// more than reading (handlers, writes, output) in batches runs them out of that order.
import { ts } from "ts-morph";
import { nameWords } from "../detect/operation.js";
import { shortCode } from "./effects.js";
import { findDeclaration } from "./scope.js";

const ORDER_WORDS = new Set(["ordered", "sorted", "order", "sequence", "sequenced", "steps", "stages", "priority", "priorities"]);
const SORTING = new Set(["sort", "toSorted", "reverse", "toReversed"]);
// calls that keep the items in their order: `SYNC_TYPES_ORDER.filter(…)` is still in that order
const ORDER_KEEPING = new Set(["filter", "map", "slice", "concat", "flat", "flatMap"]);

/** `";"`, `/;\s*$/m`: what separates the statements of a SQL or CQL script. */
function isStatementSeparator(arg: ts.Expression | undefined): boolean {
  if (!arg) return false;
  if (ts.isStringLiteralLike(arg)) return arg.text.trim() === ";";
  return ts.isRegularExpressionLiteral(arg) && /^\/[^/]*;/.test(arg.text);
}

/** How the items say their order matters (`\`orderedKeys\`` …), or undefined. */
export function orderedItems(items: ts.Expression, hops = 0): string | undefined {
  let e = items;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
    else if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
      if (SORTING.has(e.expression.name.text)) return `\`${shortCode(e, 40)}\` is sorted`;
      // statements split from one script (`creationStatement.split(";")`): CREATE ROLE before its GRANT
      if (e.expression.name.text === "split" && isStatementSeparator(e.arguments[0])) return `\`${shortCode(e, 40)}\` are the statements of one script, in order`;
      if (!ORDER_KEEPING.has(e.expression.name.text)) return undefined;
      e = e.expression.expression;
    } else break;
  }
  const name = ts.isIdentifier(e) ? e : ts.isPropertyAccessExpression(e) ? e.name : undefined;
  if (!name) return undefined;
  if (nameWords(name.text).some((w) => ORDER_WORDS.has(w))) return `\`${name.text}\` is named for its order`;
  // const orderedKeys = Object.keys(groups).sort(): followed to what the name holds
  if (!ts.isIdentifier(e) || hops > 2) return undefined;
  const decl = findDeclaration(e)?.parent;
  if (decl && ts.isVariableDeclaration(decl) && decl.initializer && decl.parent.flags & ts.NodeFlags.Const) return orderedItems(decl.initializer, hops + 1);
  return undefined;
}
