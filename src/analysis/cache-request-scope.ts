// Does a function's answer depend on who is calling? Reading the request's cookies or session, or the
// request context of AsyncLocalStorage, makes it a per-user answer that a cache keyed on the arguments
// would hand to the next user (getServerProfile() reading the session from cookies has no arguments at all).
import { ts } from "ts-morph";
import { shortCode } from "./effects.js";
import { importOrigin } from "./import-origin.js";
import { resolveLocalFunction } from "./local-functions.js";
import { walk } from "./scope.js";

// functions of the request, by module: Next.js headers, NextAuth and Clerk sessions
const REQUEST_FUNCTIONS: [RegExp, RegExp][] = [
  [/^next\/headers$/, /^(cookies|headers|draftMode)$/],
  [/^next-auth(\/next|\/react)?$/, /^(getServerSession|unstable_getServerSession|getSession)$/],
  [/^@clerk\//, /^(auth|currentUser|getAuth)$/],
];
// the app's own session helpers (NextAuth v5's `auth()`, create-t3-app's `getServerAuthSession()`), called with nothing to say whose
const SESSION_HELPERS = /^(auth|getServerAuthSession|getServerSession|getSession|getCurrentUser|currentUser)$/;
// `supabase.auth.getUser()`: the user of the client's session; `als.getStore()`: the request's context
// where the app keeps such helpers: its own modules (`./auth`, `@/auth`, `~/server/auth`), not a package's
// `auth()` (firebase-admin's is the Auth service, no session)
const APP_MODULE = /^(\.|\/|@\/|~\/|#)|(^|\/)auth$/;
const SESSION_METHODS = /^(getUser|getSession)$/;

function requestCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) {
    const origin = importOrigin(callee);
    if (origin && REQUEST_FUNCTIONS.some(([module, name]) => module.test(origin.module) && name.test(origin.name))) return true;
    return call.arguments.length === 0 && SESSION_HELPERS.test(callee.text) && (origin ? APP_MODULE.test(origin.module) : resolveLocalFunction(callee) !== undefined);
  }
  if (!ts.isPropertyAccessExpression(callee) || call.arguments.length > 0) return false;
  if (callee.name.text === "getStore") return true;
  const owner = callee.expression;
  return SESSION_METHODS.test(callee.name.text) && ts.isPropertyAccessExpression(owner) && owner.name.text === "auth";
}

/** The first read of the caller's request or session in the body, as code (undefined: none). */
export function requestScopedRead(body: ts.Node): string | undefined {
  let found: string | undefined;
  walk(body, (n) => {
    if (found) return "skip";
    if (ts.isCallExpression(n) && requestCall(n)) found = shortCode(n, 40);
    return undefined;
  }, { intoFunctions: true });
  return found;
}
