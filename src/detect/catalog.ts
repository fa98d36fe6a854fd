// The shape of a call-shape catalog entry: which modules a library comes from, what its exports are,
// and, for every kind of value it hands out ("role"), which calls go over the network and whether they read or write.
import type { Operation } from "../findings.js";

/** How the operation of a call is decided. */
export type OperationRule =
  | Operation
  /** From the method name: getX/findX/list → read, createX/update/delete/set → write. */
  | "verb"
  /** From the HTTP method in the arguments (fetch init, axios config, got options); GET by default. */
  | "http"
  /** Like "http", with the options object as the first argument (axios.request(config)). */
  | "http-config"
  /** From the SQL text of the first argument (SELECT → read, INSERT/UPDATE/DELETE → write). */
  | "sql"
  /** From the AWS SDK command class passed to send(): GetObjectCommand → read, PutItemCommand → write. */
  | "aws-command"
  /** From a GraphQL document: `mutation` → write, otherwise read. */
  | "graphql"
  /** From an Octokit route string: "GET /repos/{owner}/{repo}" → read. */
  | "route"
  /** From the query the function argument returns: Kysely's `.with("a", (qb) => qb.updateTable("a")…)` writes. */
  | "callback";

export interface CallSpec {
  op: OperationRule;
  /** The role of what the call returns (builders, connections, instances from create()). */
  returns?: string;
  /**
   * false: the call only builds or acquires something (a query builder, a connection); the I/O happens
   * when a later call in the chain sends it, or when the result is awaited.
   */
  sends?: boolean;
  /** The role of the first parameter of a function passed to the call: `trx` of knex's `db.transaction(async (trx) => …)`. */
  callbackParam?: string;
}

export interface RoleSpec {
  /** Calling the value itself: fetch(url), axios(config), knex("users"). */
  call?: CallSpec;
  /** `new Value(…)` gives a value of this role. */
  construct?: string;
  /** A value whose declared type is this role's class has this role (constructor parameters, fields). */
  instance?: string;
  methods?: Record<string, CallSpec>;
  /** Property access to a nested role: openai.chat → "chat". */
  props?: Record<string, string>;
  /** Any other property (prisma.<model>, stripe.<resource>). */
  anyProp?: string;
  /** The property name reached through anyProp names a sub-module (aws-sdk v2: AWS.DynamoDB). */
  propNamesModule?: boolean;
  /** Any other method call. */
  anyMethod?: CallSpec;
  /** Only names like these take `anyMethod` (a model's own static helpers are no queries). */
  anyMethodNames?: RegExp;
  /** The role of what awaiting a builder of this role gives (a Mongoose document); otherwise plain data. */
  awaited?: string;
  /** A builder whose own methods do not send: awaiting it, `.then` or returning it sends, with this operation. */
  defaultOp?: Operation;
  /** A list of values of this role (rows from Sequelize's findAll): its `for…of` items, `[i]` and callbacks' items. */
  elements?: string;
}

/**
 * The role of an array of `element` values, named `self` in its entry: what `for…of`, `list[i]`, `forEach`/`map`/`find`
 * callbacks and `find()`/`at()` give is an `element`, so `for (const row of rows) await row.save()` is a write.
 */
export function listOf(element: string, self: string): RoleSpec {
  const each: CallSpec = { op: "unknown", sends: false, callbackParam: element };
  const one: CallSpec = { ...each, returns: element };
  const list: CallSpec = { ...each, returns: self };
  return {
    elements: element,
    methods: { forEach: each, map: each, flatMap: each, some: each, every: each, find: one, findLast: one, at: one, filter: list, slice: list, sort: list, reverse: list },
  };
}

export interface LibraryEntry {
  /** Shown in findings as `library`. */
  name: string;
  kind: "api-call" | "db-query";
  /** Module specifiers that load it. */
  modules: (string | RegExp)[];
  /** Export name ("default", "*" for the namespace object, or a named export) → role. */
  exports: Record<string, string>;
  /** Any other named export → role (e.g. every `*Client` class of an AWS SDK module). */
  exportPattern?: { pattern: RegExp; role: string }[];
  /** Global names that are this library when not shadowed (global fetch). */
  globals?: Record<string, string>;
  roles: Record<string, RoleSpec>;
  /** Per-module overrides of `name`/`kind` (the AWS SDK: DynamoDB is a database, S3 an API). */
  moduleKinds?: { pattern: RegExp; name?: string | ((module: string) => string); kind?: "api-call" | "db-query" }[];
}

export const HTTP_READ_METHODS: Record<string, CallSpec> = {
  get: { op: "read" },
  head: { op: "read" },
  options: { op: "read" },
};

export const HTTP_WRITE_METHODS: Record<string, CallSpec> = {
  post: { op: "write" },
  put: { op: "write" },
  patch: { op: "write" },
  delete: { op: "write" },
  del: { op: "write" },
};
