// Parameters that are API/DB clients: their declared type is a client class, or the body sends through them.
// A client object in the cache key makes the runtime throw (it holds functions), so the wrap would break every call.
import { ts } from "ts-morph";
import { BUILTIN_LIBRARIES } from "../detect/libraries/index.js";
import { findDeclaration, walk } from "./scope.js";
import { importOrigin } from "./import-origin.js";

const CLIENT_TYPE_NAMES = new Set([
  "Knex", "PrismaClient", "Pool", "PoolClient", "Redis", "Cluster", "Octokit", "S3", "DynamoDB", "DocumentClient", "Sequelize", "DataSource",
  "EntityManager", "MongoClient", "Db", "Collection", "Stripe", "OpenAI", "Anthropic", "Kysely", "Twilio", "SupabaseClient", "HttpClient",
]);

let catalogTypes: Set<string> | undefined;

/** Class and type names the catalog's libraries export (`S3Client` comes from the AWS pattern, `*Client`). */
function catalogTypeNames(): Set<string> {
  if (!catalogTypes) {
    catalogTypes = new Set();
    for (const lib of BUILTIN_LIBRARIES) for (const name of Object.keys(lib.exports)) if (/^[A-Z]/.test(name)) catalogTypes.add(name);
  }
  return catalogTypes;
}

/** The type names a parameter annotation mentions (through unions, arrays, generics' outer name), with the name node. */
function typeNames(type: ts.TypeNode): { name: string; node: ts.EntityName }[] {
  const named = (n: ts.EntityName) => ({ name: ts.isIdentifier(n) ? n.text : n.right.text, node: n });
  if (ts.isTypeReferenceNode(type)) return [named(type.typeName)];
  if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type)) return type.types.flatMap(typeNames);
  if (ts.isParenthesizedTypeNode(type) || ts.isArrayTypeNode(type)) return typeNames(ts.isArrayTypeNode(type) ? type.elementType : type.type);
  if (ts.isImportTypeNode(type) && type.qualifier) return [named(type.qualifier)];
  return [];
}

const isCatalogModule = (module: string) => BUILTIN_LIBRARIES.some((lib) => lib.modules.some((m) => (typeof m === "string" ? m === module : m.test(module))));

/**
 * Where a client class's name comes from: a library (`Collection` of mongodb), unknown (taken at its word), or a
 * module of the project (Outline's own Sequelize model `Collection`, from "@server/models"), or this file.
 */
function classOrigin(node: ts.EntityName): "library" | "unknown" | { project: string } | "local" {
  let root: ts.EntityName = node;
  while (ts.isQualifiedName(root)) root = root.left;
  const origin = importOrigin(root);
  if (origin) return isCatalogModule(origin.module) ? "library" : { project: origin.module };
  return findDeclaration(root) ? "local" : "unknown";
}

/** A class name that makes an API/database client: `S3Client`, `Octokit`, `Stripe`, the catalog's classes. */
export function isClientClassName(name: string): boolean {
  return /Client$/.test(name) || CLIENT_TYPE_NAMES.has(name) || catalogTypeNames().has(name);
}

/** `a \`CloudFormationClient\` client` when the declared type is a known client class. */
export function clientType(type: ts.TypeNode): string | undefined {
  for (const { name, node } of typeNames(type)) {
    if (/Client$/.test(name)) return `an API/database client (\`${name}\`)`;
    if (!CLIENT_TYPE_NAMES.has(name) && !catalogTypeNames().has(name)) continue;
    const from = classOrigin(node);
    if (from === "library" || from === "unknown") return `an API/database client (\`${name}\`)`;
    // the project's own `Collection` (a model, say): the syntax cannot tell it is plain data, and says so
    if (from !== "local") return `a \`${name}\` from \`${from.project}\` (a model or client object, as far as the syntax can tell)`;
  }
  return undefined;
}

const CLIENT_METHODS = /^(send|query|execute|raw)$/;

/**
 * How the body uses the parameter as a client: the receiver of a call the classifier calls external, or of
 * `.send(new XCommand(…))` / `.query(…)` (an AWS SDK or SQL client the catalog did not resolve).
 */
export function clientUse(param: ts.Identifier, fn: ts.Node, externalCalls: readonly ts.Node[]): string | undefined {
  const rootIs = (e: ts.Expression): boolean => {
    let r = e;
    while (ts.isPropertyAccessExpression(r) || ts.isElementAccessExpression(r) || ts.isCallExpression(r)) r = r.expression;
    return ts.isIdentifier(r) && r.text === param.text && findDeclaration(r) === param;
  };
  for (const call of externalCalls) {
    if (ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && rootIs(call.expression.expression)) return `used as a client (\`${param.text}.${call.expression.name.text}(…)\`)`;
  }
  let why: string | undefined;
  walk(fn, (n) => {
    if (why || !ts.isCallExpression(n) || !ts.isPropertyAccessExpression(n.expression) || !CLIENT_METHODS.test(n.expression.name.text)) return;
    if (!rootIs(n.expression.expression)) return;
    const arg = n.arguments[0];
    const command = arg && ts.isNewExpression(arg) && ts.isIdentifier(arg.expression) && /Command$/.test(arg.expression.text);
    if (n.expression.name.text !== "send" || command) why = `used as a client (\`${param.text}.${n.expression.name.text}(…)\`)`;
  }, { intoFunctions: true });
  return why;
}
