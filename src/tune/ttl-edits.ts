// Plans the rewrite of `ttl` literals in `cached("<prefix>", args, { ttl: N }, load)` calls: pure, text in, edits out.
// Written as a transform over one file's text so it can move onto the migrate engine as-is.
import { ts } from "ts-morph";
import { parseSource as parseWithErrors } from "../scan/parse.js";

export interface TtlTarget {
  /** The TTL the stats were measured with: only a literal still at this value is rewritten. */
  from: number | null;
  to: number;
}

export interface TtlEdit {
  file: string;
  line: number;
  column: number;
  prefix: string;
  from: number;
  to: number;
  /** Character offsets of the literal in the original text. */
  start: number;
  end: number;
  text: string;
}

export interface TtlSkip {
  file: string;
  line: number;
  column: number;
  prefix: string;
  reason: string;
}

export interface TtlPlan {
  edits: TtlEdit[];
  skipped: TtlSkip[];
  /** Calls already at the recommended TTL. */
  unchanged: number;
  /** Set when the file does not parse: nothing is planned for it. */
  parseError?: string;
}

export function parseSource(file: string, text: string): { sourceFile: ts.SourceFile; error?: string } {
  const { sourceFile, syntaxErrors } = parseWithErrors(file, text, true);
  const first = syntaxErrors[0];
  // "line:col message" -> "line:col: message"
  return first ? { sourceFile, error: first.replace(/^(\d+:\d+) /, "$1: ") } : { sourceFile };
}

/** Local names that refer to the runtime's `cached` (plain, or renamed on import). */
function cachedNames(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set(["cached"]);
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) {
      if ((element.propertyName ?? element.name).text === "cached") names.add(element.name.text);
    }
  }
  return names;
}

function isCachedCallee(expression: ts.Expression, names: Set<string>): boolean {
  if (ts.isIdentifier(expression)) return names.has(expression.text);
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text === "cached";
  return false;
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}

/** Writes a number the way the original literal was written (numeric separators kept when it had them). */
function formatLike(original: string, value: number): string {
  if (!original.includes("_")) return String(value);
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, "_");
}

export function planTtlEdits(file: string, text: string, targets: ReadonlyMap<string, TtlTarget>): TtlPlan {
  const plan: TtlPlan = { edits: [], skipped: [], unchanged: 0 };
  if (targets.size === 0 || !text.includes("cached")) return plan;
  const { sourceFile, error } = parseSource(file, text);
  if (error) return { ...plan, parseError: error };
  const names = cachedNames(sourceFile);
  const position = (node: ts.Node) => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    return { line: line + 1, column: character + 1 };
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isCachedCallee(node.expression, names)) {
      const [prefixArg, , options] = node.arguments;
      if (prefixArg && (ts.isStringLiteral(prefixArg) || ts.isNoSubstitutionTemplateLiteral(prefixArg))) {
        const prefix = prefixArg.text;
        const target = targets.get(prefix);
        if (target) {
          const skip = (at: ts.Node, reason: string) => plan.skipped.push({ file, ...position(at), prefix, reason });
          if (!options || !ts.isObjectLiteralExpression(options)) {
            skip(options ?? node, "the options argument is not an object literal");
          } else {
            const ttlProperty = options.properties.find((p) => p.name !== undefined && propertyName(p.name) === "ttl");
            if (!ttlProperty) skip(options, "no ttl property: the default TTL applies (set one with init or the config)");
            else if (!ts.isPropertyAssignment(ttlProperty)) skip(ttlProperty, "ttl is not a plain `ttl: <number>` property");
            else {
              const init = ttlProperty.initializer;
              if (!ts.isNumericLiteral(init)) {
                skip(init, `ttl is an expression (${init.getText(sourceFile)}), not a number literal: change it by hand`);
              } else {
                const current = Number(init.text);
                if (current === target.to) plan.unchanged++;
                else if (target.from !== null && current !== target.from) {
                  skip(init, `ttl ${current} is not the ${target.from} s the stats were measured with (changed since?)`);
                } else {
                  const original = init.getText(sourceFile);
                  plan.edits.push({ file, ...position(init), prefix, from: current, to: target.to, start: init.getStart(sourceFile), end: init.getEnd(), text: formatLike(original, target.to) });
                }
              }
            }
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return plan;
}

/** Applies edits (from planTtlEdits on this same text) back to front, so offsets stay valid. */
export function applyTtlEdits(text: string, edits: readonly TtlEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}
