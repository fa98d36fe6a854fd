// Browser, mobile or Edge code, which the runtime (a Node server library: node:crypto, node:fs) cannot run in: a file
// that says `"use client"`, imports a front-end library, or calls React hooks (`useEffect(…)`: only components and
// hooks do) and is no Next.js page's or Remix route's server half (`getServerSideProps`, `loader`); an Edge route or
// Next.js middleware. Read from the text, so that the import scan can tell it of files it never parses (a component
// that names no client library is quiet: src/scan/quiet-text.ts); files such files import are found over the whole
// run (src/scan/client-importers.ts).
import { ts } from "ts-morph";
import { fileMemo } from "./file-memo.js";
import { ownString } from "../own-string.js";

const CLIENT_MODULES =
  /^(react-dom\/client|react-native|react-native-.*|expo|expo-.*|@expo\/.*|zustand|zustand\/.*|react-hot-toast|react-toastify|sonner|notistack|@radix-ui\/.*|@headlessui\/react|framer-motion|swr|swr\/.*|@tanstack\/react-query|clsx|tailwind-merge|class-variance-authority|classnames|@angular\/.*|vue|svelte|svelte\/.*|jquery)$/;
// React's hooks: a call of one (`useEffect(…)`, `React.useState(…)`) runs in a component or a hook, in the browser
const REACT_HOOKS = /^use(Effect|LayoutEffect|State|Reducer|Ref|Callback|Memo|Context|Transition|DeferredValue|SyncExternalStore|Id|InsertionEffect|Optimistic|ActionState|FormStatus)$/;
// the server half a page or route file exports beside its component
const SERVER_EXPORTS = /^(getServerSideProps|getStaticProps|getStaticPaths|getInitialProps|loader|action|generateMetadata|generateStaticParams)$/;
const SIDE = Symbol("side");
// react-dom's browser APIs; a server component imports `preload` or `preconnect` from it, and `react-dom/server` renders on the server
const REACT_DOM_CLIENT_NAMES = /^(createPortal|flushSync|render|hydrate|unmountComponentAtNode|findDOMNode|useFormStatus|useFormState)$/;
const REACT_DOM_IMPORT = /^\s*import\s+([^;'"`]*?)\s+from\s*["']react-dom["']/gm;

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

/** Where the file runs, once per file: sideOfText on its text and the modules its imports and re-exports name. */
export function sideOfFile(sf: ts.SourceFile): Side {
  return fileMemo(sf, SIDE, () => {
    const specifiers: string[] = [];
    for (const st of sf.statements) {
      const module = (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
      if (module !== undefined) specifiers.push(module);
    }
    return sideOfText(sf.text, specifiers, sf.fileName);
  });
}
