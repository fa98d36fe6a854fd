// A read whose request says it wants no cached answer: fetch's `cache: "no-store"` / `"no-cache"` / `"reload"`,
// Next.js's `next: { revalidate: 0 }`, a `Cache-Control: no-cache` header. The author chose a live answer (a status
// widget, a health badge), and a cache in front of the call would undo that choice. And one that Next.js already
// caches (`next: { tags }`, `next: { revalidate: 60 }`, `cache: "force-cache"`): the app purges that cache with
// revalidateTag/revalidatePath, which a second cache in front would not hear.
import { ts } from "ts-morph";
import { stringValue } from "./static-strings.js";

const NO_CACHE_MODES = /^(no-store|no-cache|reload)$/;
const NO_CACHE_HEADER = /\bno-(cache|store)\b|\bmax-age=0\b/;

/** The `key: value` properties of the object literals a call is given (a request's options), with their keys. */
function* optionProperties(call: ts.Node): Generator<[string | undefined, ts.PropertyAssignment]> {
  if (!ts.isCallExpression(call)) return;
  for (const arg of call.arguments) {
    if (!ts.isObjectLiteralExpression(arg)) continue;
    for (const p of arg.properties) if (ts.isPropertyAssignment(p)) yield [propertyName(p.name), p];
  }
}

/** What in the call's options asks for a fresh answer (`cache: "no-cache"`), or undefined. */
export function freshRequested(call: ts.Node): string | undefined {
  for (const [key, p] of optionProperties(call)) {
    if (key === "cache") {
      const mode = stringValue(p.initializer);
      if (mode !== undefined && NO_CACHE_MODES.test(mode)) return `cache: "${mode}"`;
    }
    if (key === "next" && ts.isObjectLiteralExpression(p.initializer)) {
      const revalidate = p.initializer.properties.find((q): q is ts.PropertyAssignment => ts.isPropertyAssignment(q) && propertyName(q.name) === "revalidate");
      if (revalidate && ts.isNumericLiteral(revalidate.initializer) && Number(revalidate.initializer.text) === 0) return "next: { revalidate: 0 }";
    }
    if (key === "headers" && ts.isObjectLiteralExpression(p.initializer)) {
      for (const h of p.initializer.properties) {
        if (!ts.isPropertyAssignment(h) || !/^(cache-control|pragma)$/i.test(propertyName(h.name) ?? "")) continue;
        const value = stringValue(h.initializer);
        if (value !== undefined && NO_CACHE_HEADER.test(value)) return `${propertyName(h.name)}: ${value}`;
      }
    }
  }
  return undefined;
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/** How the call's options have Next.js's data cache keep the answer (`next: { tags: […] }`), or undefined. */
export function frameworkCached(call: ts.Node): string | undefined {
  for (const [key, p] of optionProperties(call)) {
    if (key === "cache" && stringValue(p.initializer) === "force-cache") return `cache: "force-cache"`;
    if (key !== "next" || !ts.isObjectLiteralExpression(p.initializer)) continue;
    for (const q of p.initializer.properties) {
      const name = (ts.isPropertyAssignment(q) || ts.isShorthandPropertyAssignment(q)) && propertyName(q.name);
      if (name === "tags") return "next: { tags }";
      // `revalidate: 60`, `revalidate` (a constant), `revalidate: false` (forever): kept; only a literal 0 asks each time
      if (name === "revalidate" && !(ts.isPropertyAssignment(q) && ts.isNumericLiteral(q.initializer) && Number(q.initializer.text) === 0)) return `next: { revalidate${ts.isPropertyAssignment(q) ? `: ${q.initializer.getText()}` : ""} }`;
    }
  }
  return undefined;
}
