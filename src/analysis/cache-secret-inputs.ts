// Secrets the name does not show: a key parameter that holds one (the cache key is stored in plain text)
// and a body that reads secret fields (a projection `'apiKeys name'`, a query `{ credentials: { $exists: true } }`).
import { ts } from "ts-morph";
import { shortCode } from "./effects.js";
import type { CallClassifier } from "./external-calls.js";
import { nameWords } from "../detect/operation.js";
import { secretParamWord } from "./cache-name-words.js";
import { calledName, namesOf } from "./scope.js";
import { importOrigin } from "./import-origin.js";
import { isClientClassName } from "./cache-clients.js";
import { isRelativeSpecifier } from "../detect/evaluate.js";

// field names, lower case without `_`/`-`: `api_key`, `apiKeys`, `client-secret`
const SECRET_FIELDS = new Set([
  "apikey", "apikeys", "password", "passwords", "passwordhash", "hashedpassword", "passwordsalt", "secret", "secrets", "credentials", "credential",
  "privatekey", "secretkey", "clientsecret", "webhooksecret", "signingsecret", "totpsecret", "twofactorsecret", "mfasecret", "otpsecret",
  "recoverycodes", "backupcodes",
  // a token field is a bearer credential (a signing link's, a session's, a reset's); `tokens` alone is often a count
  "token", "accesstoken", "refreshtoken", "idtoken", "sessiontoken", "resettoken", "verificationtoken", "invitetoken", "apitoken", "authtoken",
  "bearertoken",
  // keys that sign or encrypt (not `cacheKey`, `primaryKey`, `publicKey`)
  "signingkey", "encryptionkey", "hmackey", "masterkey", "secretaccesskey", "webhookkey", "licensekey",
]);
// `decrypt(row.value)`, `decryptSecret(…)`, `crypto.createDecipheriv(…)`: stored credentials in plain text
const DECRYPTS = /^(decrypt[A-Z_]?\w*|createDecipheriv|privateDecrypt)$/;
const LOGGER_METHODS = /^(log|info|warn|error|debug|trace|fatal|verbose)$/;

export interface SecretInput {
  detail: string;
  node: ts.Node;
}

/**
 * A parameter (or a destructured part of one) that goes into the key and holds a secret: named like one, or handed
 * to a library's client as its credential (`new WebClient(botKey)`, `new Octokit({ auth: pat })`).
 */
export function secretKeyParam(fn: ts.SignatureDeclaration & { body?: ts.Node }): SecretInput | undefined {
  const params = new Map<string, ts.ParameterDeclaration>();
  for (const p of fn.parameters) {
    if (ts.isIdentifier(p.name) && p.name.text === "this") continue;
    // a number or a flag holds no secret, whatever it is called
    if (p.type && (p.type.kind === ts.SyntaxKind.NumberKeyword || p.type.kind === ts.SyntaxKind.BooleanKeyword)) continue;
    for (const id of namesOf(p.name)) {
      const word = secretParamWord(nameWords(id.text));
      if (word) return { detail: `parameter \`${id.text}\` holds a secret (\`${word}\`) and would be part of the cache key, which the cache store keeps in plain text`, node: p };
      params.set(id.text, p);
    }
  }
  const credential = fn.body && params.size ? clientCredential(fn.body, params) : undefined;
  if (!credential) return undefined;
  return { detail: `parameter \`${credential.name}\` is the credential of \`${shortCode(credential.made, 40)}\` and would be part of the cache key, which the cache store keeps in plain text`, node: credential.param };
}

const CREDENTIAL_OPTION = /^(auth|token|accessToken|apiKey|api_key|key|secret|clientSecret|password|credentials?|bearer|authorization|botToken|Authorization)$/;

/** A parameter given to a library's client (`*Client`, the catalog's classes) when it is made: as its first argument or under a credential option. */
function clientCredential(body: ts.Node, params: ReadonlyMap<string, ts.ParameterDeclaration>): { name: string; param: ts.ParameterDeclaration; made: ts.NewExpression } | undefined {
  let found: { name: string; param: ts.ParameterDeclaration; made: ts.NewExpression } | undefined;
  const param = (e: ts.Expression | undefined): ts.ParameterDeclaration | undefined => (e && ts.isIdentifier(e) ? params.get(e.text) : undefined);
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isNewExpression(n) && n.arguments?.length) {
      let root: ts.Expression = n.expression;
      while (ts.isPropertyAccessExpression(root)) root = root.expression;
      const origin = ts.isIdentifier(root) ? importOrigin(root) : undefined;
      if (origin && !isRelativeSpecifier(origin.module)) {
        const first = n.arguments[0]!;
        const client = isClientClassName(calledName(n.expression) ?? "");
        const direct = client ? param(first) : undefined;
        if (direct) found = { name: (first as ts.Identifier).text, param: direct, made: n };
        for (const arg of client ? n.arguments : []) {
          if (found || !ts.isObjectLiteralExpression(arg)) continue;
          for (const p of arg.properties) {
            const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
            if (!key || !CREDENTIAL_OPTION.test(key)) continue;
            const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
            const hit = param(value);
            if (hit) {
              found = { name: (value as ts.Identifier).text, param: hit, made: n };
              break;
            }
          }
        }
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(body);
  return found;
}

/**
 * A secret field named in the body's string literals or object keys. Skipped: exclusions (`'-password'`,
 * `{ password: 0 }`), error and log messages, constructor options and the request options of API calls
 * (`{ params: { api_key } }` sends a secret; it does not come back).
 */
export function secretFieldRead(body: ts.Node, classify: CallClassifier): SecretInput | undefined {
  let found: SecretInput | undefined;
  const visit = (n: ts.Node): void => {
    if (found || ts.isThrowStatement(n) || ts.isNewExpression(n)) return;
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      const method = calledName(callee) ?? "";
      if (DECRYPTS.test(method)) {
        found = { detail: `it decrypts stored data (\`${shortCode(n, 40)}\`), so the result may hold a secret in plain text`, node: n };
        return;
      }
      if (LOGGER_METHODS.test(method) || classify(n)?.kind === "api-call") {
        visit(callee);
        return;
      }
    }
    const field = secretFieldOf(n);
    if (field) {
      found = { detail: `the body names the secret field \`${field}\` (\`${shortCode(n.parent && ts.isPropertyAssignment(n.parent) ? n.parent : n, 40)}\`), so the result may hold it`, node: n };
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(body);
  return found;
}

function secretFieldOf(n: ts.Node): string | undefined {
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) {
    if (n.parent && ts.isPropertyAssignment(n.parent) && n.parent.name === n) return isExcluded(n.parent) ? undefined : secretField(n.text);
    for (const token of n.text.split(/[\s,]+/)) {
      if (token.startsWith("-")) continue; // a projection that leaves the field out
      const field = secretField(token.replace(/^\+/, "").split(".").at(-1) ?? "");
      if (field) return field;
    }
    return undefined;
  }
  if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && !isExcluded(n)) return secretField(n.name.text);
  if (ts.isShorthandPropertyAssignment(n)) return secretField(n.name.text);
  return undefined;
}

/** `{ password: 0 }`, `{ password: false }`: a projection that leaves the field out. */
function isExcluded(p: ts.PropertyAssignment): boolean {
  const v = p.initializer;
  if ((ts.isNumericLiteral(v) && v.text === "0") || v.kind === ts.SyntaxKind.FalseKeyword) return true;
  // `{ ...recipient, token: "" }`, `password: undefined`: the field blanked out of what is returned
  return ((ts.isStringLiteral(v) || ts.isNoSubstitutionTemplateLiteral(v)) && v.text === "") || v.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(v) && v.text === "undefined");
}

// a compound that ends in one of these is one too (`documentToken`, `signingSecret`), unless it pages (`nextPageToken`)
const SECRET_LAST_WORDS = new Set(["secret", "password", "token"]);
const PAGING_WORDS = new Set(["page", "cursor", "continuation", "sync", "pagination"]);

function secretField(token: string): string | undefined {
  const flat = token.toLowerCase().replace(/[_-]/g, "");
  if (SECRET_FIELDS.has(flat)) return token;
  // every property name of the body comes here: split only names that can end in a secret word
  if (!/(secret|password|token|codes)$/.test(flat)) return undefined;
  const words = nameWords(token);
  if (words.length < 2) return undefined;
  const [before, last] = words.slice(-2) as [string, string];
  if (SECRET_FIELDS.has(before + last) || (SECRET_LAST_WORDS.has(last) && !PAGING_WORDS.has(before))) return token;
  return undefined;
}
