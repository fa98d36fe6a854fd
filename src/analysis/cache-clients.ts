// Parameters that are API/DB clients: their declared type is a client class, or the body sends through them.
// A client object in the cache key makes the runtime throw (it holds functions), so the wrap would break every call.
import { ts } from "ts-morph";
import { BUILTIN_LIBRARIES } from "../detect/libraries/index.js";
import { findDeclaration, walk } from "./scope.js";

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

/** The type names a parameter annotation mentions (through unions, arrays, generics' outer name). */
function typeNames(type: ts.TypeNode): string[] {
  if (ts.isTypeReferenceNode(type)) return [ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text];
  if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type)) return type.types.flatMap(typeNames);
  if (ts.isParenthesizedTypeNode(type) || ts.isArrayTypeNode(type)) return typeNames(ts.isArrayTypeNode(type) ? type.elementType : type.type);
  if (ts.isImportTypeNode(type) && type.qualifier) return [ts.isIdentifier(type.qualifier) ? type.qualifier.text : type.qualifier.right.text];
  return [];
}

/** `a \`CloudFormationClient\` client` when the declared type is a known client class. */
export function clientType(type: ts.TypeNode): string | undefined {
  const name = typeNames(type).find((n) => CLIENT_TYPE_NAMES.has(n) || /Client$/.test(n) || catalogTypeNames().has(n));
  return name ? `an API/database client (\`${name}\`)` : undefined;
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
