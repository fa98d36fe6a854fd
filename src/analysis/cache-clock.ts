// Does a function's answer depend on when (or by chance) it is called? The clock and randomness read in
// the code, or in the SQL it sends: a cached result would keep one moment's answer for the whole TTL.
import { ts } from "ts-morph";
import { shortCode } from "./effects.js";
import { walk } from "./scope.js";

// `x.now()` covers Date, performance, DateTime (luxon), knex.fn.now(); Temporal.Now.*() reads the clock too
// a Map: a method named `toString` or `constructor` must not find Object.prototype's
const CLOCK_METHODS = new Map<string, RegExp>([
  ["now", /./],
  ["random", /^Math$/],
  ["randomUUID", /./],
  ["randomBytes", /./],
  ["getRandomValues", /./],
]);
const CLOCK_FUNCTIONS = /^(randomUUID|uuid|uuidv4|v4|nanoid|moment|dayjs|Date)$/;
// without arguments, the current moment: luxon's DateTime.utc()/local(), dayjs.utc(), moment.utc()
const CLOCK_WITHOUT_ARGUMENTS = new Map<string, RegExp>([
  ["utc", /^(DateTime|dayjs|moment)$/],
  ["local", /^DateTime$/],
]);
// SQL clock and random functions, with their parentheses where the bare word is ordinary English
const SQL_CLOCK = /\b(now\s*\(|current_timestamp\b|current_date\b|current_time\b|localtimestamp\b|localtime\b|sysdate\b|getdate\s*\(|getutcdate\s*\(|clock_timestamp\s*\(|statement_timestamp\s*\(|transaction_timestamp\s*\(|utc_timestamp\b|unix_timestamp\s*\(\s*\)|random\s*\(|rand\s*\(|gen_random_uuid\s*\(|uuid_generate_v\d\s*\(|newid\s*\()/i;

function literalText(n: ts.Node): string | undefined {
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  if (ts.isTemplateExpression(n)) return [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join(" ");
  return undefined;
}

/** The first clock or randomness read in the body, as code (undefined: none). */
export function clockRead(body: ts.Node): string | undefined {
  let found: string | undefined;
  walk(body, (n) => {
    if (found) return "skip";
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      if (ts.isPropertyAccessExpression(callee) && CLOCK_METHODS.get(callee.name.text)?.test(callee.expression.getText())) found = shortCode(n, 40);
      else if (ts.isPropertyAccessExpression(callee) && n.arguments.length === 0 && CLOCK_WITHOUT_ARGUMENTS.get(callee.name.text)?.test(callee.expression.getText())) found = shortCode(n, 40);
      else if (ts.isPropertyAccessExpression(callee) && /^Temporal\.Now$/.test(callee.expression.getText())) found = shortCode(n, 40);
      else if (ts.isIdentifier(callee) && CLOCK_FUNCTIONS.test(callee.text) && (callee.text !== "moment" && callee.text !== "dayjs" ? true : n.arguments.length === 0)) found = shortCode(n, 40);
    } else if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "Date" && !n.arguments?.length) found = shortCode(n, 40);
    else {
      const text = literalText(n);
      const m = text === undefined ? null : SQL_CLOCK.exec(text);
      if (m) found = `${m[1]!.replace(/\s+/g, "")}${m[1]!.trimEnd().endsWith("(") ? ")" : ""} in the SQL`;
    }
  }, { intoFunctions: true });
  return found;
}
