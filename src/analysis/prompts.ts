// Calls that ask the user something on the terminal (inquirer, @inquirer/prompts, prompts, enquirer,
// @clack/prompts, readline). Two at once would share one terminal, so they never run side by side.
import { ts } from "ts-morph";
import { importOrigin } from "./import-origin.js";

const PROMPT_PACKAGES = /^(inquirer|@inquirer\/.+|prompts|enquirer|@clack\/prompts|(node:)?readline(\/promises)?)$/;
const PROMPT_METHODS = new Set([
  "input", "confirm", "select", "password", "checkbox", "expand", "editor", "number", "rawlist", "search", "multiselect",
  "groupMultiselect", "selectKey", "text", "autocomplete", "toggle", "question", "prompt",
]);
/** Receivers whose name says they prompt: `prompter.input()`, `this.inquirer.prompt()`, `rl.question()`. */
const PROMPTER_NAMES = /^(prompter|inquirer|enquirer|prompts?|rl|readline|readlineInterface)$/i;

/** The package `id` is imported (or required) from, if any. */
const importedFrom = (id: ts.Identifier): string | undefined => importOrigin(id)?.module;

function lastName(e: ts.Expression): string | undefined {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

export function isPromptCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) {
    // `input({ … })` from @inquirer/prompts, `prompts({ … })`
    const from = importedFrom(callee);
    return from !== undefined && PROMPT_PACKAGES.test(from) && !/readline/.test(from);
  }
  if (!ts.isPropertyAccessExpression(callee) || !PROMPT_METHODS.has(callee.name.text)) return false;
  const receiver = callee.expression;
  const name = lastName(receiver);
  if (name && PROMPTER_NAMES.test(name)) return true;
  const from = ts.isIdentifier(receiver) ? importedFrom(receiver) : undefined;
  return from !== undefined && PROMPT_PACKAGES.test(from);
}

// Browser automation (Playwright, Puppeteer): actions on one page happen in the order they are made; run at once,
// a click lands before the field it needs exists, or on another iteration's dialog.
const UI_ACTIONS = new Set([
  "click", "dblclick", "fill", "type", "press", "pressSequentially", "check", "uncheck", "selectOption", "hover", "tap", "focus", "blur",
  "setInputFiles", "dragTo", "dragAndDrop", "goto", "reload", "goBack", "goForward", "clear", "setChecked", "dispatchEvent",
]);
const PAGE_NAMES = /^(page|popup|frame|mainFrame|browser|context|browserContext|locator)$/i;

/** `page.getByRole("button").click()`, `page.goto(url)`, `await page.fill("#email", x)`: an action on a browser page. */
export function isUiActionCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !UI_ACTIONS.has(callee.name.text)) return false;
  // the page itself (`page.click(sel)`, `this.page.goto(url)`), or the root of a chain of calls on it
  // (`page.getByLabel("Email").nth(0).fill(x)`); not a plain property path (`context.loaders.user.clear(id)`)
  let receiver: ts.Expression = callee.expression;
  let throughCall = false;
  while (ts.isCallExpression(receiver) || (throughCall && ts.isPropertyAccessExpression(receiver) && ts.isCallExpression(receiver.parent))) {
    if (ts.isCallExpression(receiver)) throughCall = true;
    receiver = receiver.expression;
  }
  const name = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword ? receiver.name.text : undefined;
  return name !== undefined && PAGE_NAMES.test(name);
}
