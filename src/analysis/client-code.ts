// Browser or mobile app code, which the runtime (a Node server library: node:crypto, node:fs) cannot run in: a file
// that says `"use client"`, imports a front-end library, or calls React hooks (`useEffect(…)`: only components and
// hooks do) and is no Next.js page's or Remix route's server half (`getServerSideProps`, `loader`). A file only such
// files import is front-end code as well (`lib/client/getLatestAnnouncement.ts`, called from a layout's useEffect):
// the whole run's imports decide that (src/scan/client-importers.ts), from each file's text, since a component
// that names no client library is never parsed (src/scan/quiet-text.ts).
import { ts } from "ts-morph";
import { fileMemo } from "./file-memo.js";
import { ownString } from "../own-string.js";

const CLIENT_MODULES =
  /^(react-dom\/client|react-native|react-native-.*|expo|expo-.*|@expo\/.*|zustand|zustand\/.*|react-hot-toast|react-toastify|sonner|notistack|@radix-ui\/.*|@headlessui\/react|framer-motion|swr|swr\/.*|@tanstack\/react-query|clsx|tailwind-merge|class-variance-authority|classnames|@angular\/.*|vue|svelte|svelte\/.*|jquery)$/;
// React's hooks: a call of one (`useEffect(…)`, `React.useState(…)`) runs in a component or a hook, in the browser
const REACT_HOOKS = /^use(Effect|LayoutEffect|State|Reducer|Ref|Callback|Memo|Context|Transition|DeferredValue|SyncExternalStore|Id|InsertionEffect|Optimistic|ActionState|FormStatus)$/;
// the server half a page or route file exports beside its component
const SERVER_EXPORTS = /^(getServerSideProps|getStaticProps|getStaticPaths|getInitialProps|loader|action|generateMetadata|generateStaticParams)$/;
const CLIENT_CODE = Symbol("clientCode");
// react-dom's browser APIs; a server component imports `preload` or `preconnect` from it, and `react-dom/server` renders on the server
const REACT_DOM_CLIENT_NAMES = /^(createPortal|flushSync|render|hydrate|unmountComponentAtNode|findDOMNode|useFormStatus|useFormState)$/;
const REACT_DOM_IMPORT = /\bimport\s+([^;]*?)\s+from\s*["']react-dom["']/g;

/** An import of react-dom's browser side: its default or namespace (`ReactDOM.render`), or one of its browser APIs. */
function importsReactDomClient(clause: string): boolean {
  const named = /\{([^}]*)\}/.exec(clause);
  const outside = clause.replace(/\{[^}]*\}/, "").replace(/,/g, "").trim();
  if (outside && outside !== "type") return true;
  return Boolean(named?.[1]!.split(",").some((part) => REACT_DOM_CLIENT_NAMES.test(part.trim().split(/\s+as\s+/)[0]!.replace(/^type\s+/, ""))));
}

const USE_CLIENT = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*["']use client["']/;
const USE_SERVER = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*["']use server["']/;
const HOOK_CALL = new RegExp(`\\b(?:React\\.)?(${REACT_HOOKS.source.slice(1, -1)})\\s*[(<]`);
const SERVER_EXPORT_TEXT = new RegExp(`\\bexport\\s+(?:async\\s+)?(?:function\\s*\\*?|const|let|var)\\s*(?:${SERVER_EXPORTS.source.slice(1, -1)})\\b|\\bexport\\s*\\{[^}]*\\b(?:${SERVER_EXPORTS.source.slice(1, -1)})\\b`);

// Next.js's Edge runtime: a route or page that asks for it, and middleware, which runs there unless told otherwise
const EDGE_RUNTIME = /\bexport\s+const\s+runtime\s*=\s*["'](edge|experimental-edge)["']/;
const NODE_RUNTIME = /\bruntime\s*:\s*["']nodejs["']/;
const MIDDLEWARE_FILE = /(^|[\\/])middleware\.[cm]?[jt]s$/;

export type Side = { client: string } | { edge: string } | "server" | undefined;

/**
 * Where a file runs, from its text, import specifiers and name: front end or Edge (and why), the server by its own
 * say-so, or not said.
 */
export function sideOfText(text: string, specifiers: readonly string[], fileName = ""): Side {
  if (USE_SERVER.test(text) || specifiers.includes("server-only")) return "server";
  if (EDGE_RUNTIME.test(text)) return { edge: 'it declares `runtime = "edge"`' };
  if (MIDDLEWARE_FILE.test(fileName) && specifiers.includes("next/server") && !NODE_RUNTIME.test(text)) return { edge: "it is Next.js middleware, which runs on the Edge runtime" };
  if (USE_CLIENT.test(text)) return { client: '`"use client"`' };
  const library = specifiers.find((s) => CLIENT_MODULES.test(s));
  if (library) return { client: `it imports \`${library}\`` };
  if (specifiers.includes("react-dom") && [...text.matchAll(REACT_DOM_IMPORT)].some((m) => importsReactDomClient(m[1]!))) return { client: "it imports react-dom's browser side" };
  if (!specifiers.includes("react") || SERVER_EXPORT_TEXT.test(text)) return undefined;
  const hook = HOOK_CALL.exec(text);
  // a copy: the run keeps it, and a match would keep the file's whole text alive
  return hook ? { client: ownString(`it calls React's \`${hook[1]}\``) } : undefined;
}

/** Why the file is browser or mobile app code, once per file (undefined: nothing says so). */
export function clientCode(sf: ts.SourceFile): string | undefined {
  return fileMemo(sf, CLIENT_CODE, () => {
    const first = sf.statements[0];
    if (first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === "use client") return '`"use client"`';
    let reactImported = false;
    for (const st of sf.statements) {
      if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
      const module = st.moduleSpecifier.text;
      if (CLIENT_MODULES.test(module)) return `it imports \`${module}\``;
      if (module === "react-dom" && st.importClause && importsReactDomClient(st.importClause.getText(sf))) return "it imports react-dom's browser side";
      if (module === "react") reactImported = true;
    }
    if (!reactImported || exportsServerHalf(sf)) return undefined;
    const hook = firstHookCall(sf);
    return hook && `it calls React's \`${hook}\``;
  });
}

function exportsServerHalf(sf: ts.SourceFile): boolean {
  return sf.statements.some((st) => {
    const exported = ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (exported && ts.isFunctionDeclaration(st) && st.name) return SERVER_EXPORTS.test(st.name.text);
    if (exported && ts.isVariableStatement(st)) return st.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && SERVER_EXPORTS.test(d.name.text));
    // export { getServerSideProps } from "…"
    return ts.isExportDeclaration(st) && st.exportClause !== undefined && ts.isNamedExports(st.exportClause) && st.exportClause.elements.some((e) => SERVER_EXPORTS.test(e.name.text));
  });
}

function firstHookCall(sf: ts.SourceFile): string | undefined {
  let found: string | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "React" ? callee.name.text : undefined;
      if (name && REACT_HOOKS.test(name)) found = name;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}
