// SQL drivers: pg, mysql2/mysql, better-sqlite3, sqlite3/sqlite, postgres.js, PlanetScale's serverless driver. The SQL
// text decides read or write.
import type { LibraryEntry, RoleSpec } from "../catalog.js";

const queryable: RoleSpec = {
  methods: {
    query: { op: "sql" },
    execute: { op: "sql" },
    connect: { op: "unknown", returns: "connection", sends: false },
    getConnection: { op: "unknown", returns: "connection", sends: false },
  },
};

export const pgLibrary: LibraryEntry = {
  name: "pg",
  kind: "db-query",
  modules: ["pg", "pg-pool"],
  exports: { default: "namespace", "*": "namespace", Pool: "class", Client: "class", PoolClient: "connectionType" },
  roles: {
    namespace: { props: { Pool: "class", Client: "class", native: "namespace" } },
    class: { construct: "pool", instance: "pool" },
    connectionType: { instance: "connection" },
    pool: queryable,
    connection: { methods: { query: { op: "sql" } } },
  },
};

export const mysqlLibrary: LibraryEntry = {
  name: "mysql2",
  kind: "db-query",
  modules: ["mysql2", "mysql2/promise", "mysql"],
  exports: {
    default: "namespace",
    "*": "namespace",
    createPool: "factory",
    createConnection: "factory",
    createPoolCluster: "factory",
    Pool: "poolType",
    Connection: "poolType",
    PoolConnection: "poolType",
  },
  roles: {
    namespace: {
      methods: {
        createPool: { op: "unknown", returns: "pool", sends: false },
        createConnection: { op: "unknown", returns: "pool", sends: false },
        createPoolCluster: { op: "unknown", returns: "pool", sends: false },
      },
    },
    factory: { call: { op: "unknown", returns: "pool", sends: false } },
    poolType: { instance: "pool" },
    pool: {
      methods: {
        ...queryable.methods,
        promise: { op: "unknown", returns: "pool", sends: false },
        of: { op: "unknown", returns: "pool", sends: false },
      },
    },
    connection: { methods: { query: { op: "sql" }, execute: { op: "sql" } } },
  },
  moduleKinds: [{ pattern: /^mysql$/, name: "mysql" }],
};

export const betterSqliteLibrary: LibraryEntry = {
  name: "better-sqlite3",
  kind: "db-query",
  modules: ["better-sqlite3"],
  exports: { default: "class", Database: "class" },
  roles: {
    class: { construct: "db", call: { op: "unknown", returns: "db", sends: false }, instance: "db" },
    db: {
      methods: {
        prepare: { op: "sql", returns: "statement", sends: false },
        exec: { op: "sql" },
        pragma: { op: "read" },
        transaction: { op: "unknown", sends: false },
      },
    },
    statement: {
      methods: { get: { op: "read" }, all: { op: "read" }, iterate: { op: "read" }, run: { op: "unknown" } },
      defaultOp: "unknown",
    },
  },
};

export const sqlite3Library: LibraryEntry = {
  name: "sqlite3",
  kind: "db-query",
  modules: ["sqlite3", "sqlite"],
  exports: { default: "namespace", "*": "namespace", Database: "class", open: "open" },
  roles: {
    namespace: { props: { Database: "class" }, methods: { verbose: { op: "unknown", returns: "namespace", sends: false }, open: { op: "unknown", returns: "db", sends: false } } },
    open: { call: { op: "unknown", returns: "db", sends: false } },
    class: { construct: "db", instance: "db" },
    db: {
      methods: {
        get: { op: "sql" },
        all: { op: "sql" },
        each: { op: "sql" },
        run: { op: "sql" },
        exec: { op: "sql" },
        prepare: { op: "sql", returns: "statement", sends: false },
      },
    },
    statement: { methods: { get: { op: "read" }, all: { op: "read" }, each: { op: "read" }, run: { op: "unknown" } } },
  },
  moduleKinds: [{ pattern: /^sqlite$/, name: "sqlite" }],
};

export const postgresJsLibrary: LibraryEntry = {
  name: "postgres",
  kind: "db-query",
  modules: ["postgres", "@neondatabase/serverless", "@vercel/postgres"],
  exports: { default: "factory", neon: "factory", sql: "sql" },
  roles: {
    factory: { call: { op: "unknown", returns: "sql", sends: false } },
    sql: { call: { op: "sql" }, methods: { unsafe: { op: "sql" }, begin: { op: "unknown" }, query: { op: "sql" } } },
  },
  moduleKinds: [
    { pattern: /neondatabase/, name: "@neondatabase/serverless" },
    { pattern: /vercel/, name: "@vercel/postgres" },
  ],
};

// @planetscale/database: `connect({ url })` or `new Client(config).connection()`, then `conn.execute(sql, args)`
export const planetscaleLibrary: LibraryEntry = {
  name: "@planetscale/database",
  kind: "db-query",
  modules: ["@planetscale/database"],
  exports: { connect: "factory", Client: "class", Connection: "connectionType" },
  roles: {
    factory: { call: { op: "unknown", returns: "connection", sends: false } },
    class: { construct: "client", instance: "client" },
    client: { methods: { execute: { op: "sql" }, connection: { op: "unknown", returns: "connection", sends: false }, transaction: { op: "unknown", callbackParam: "connection" } } },
    connectionType: { instance: "connection" },
    connection: { methods: { execute: { op: "sql" }, transaction: { op: "unknown", callbackParam: "connection" } } },
  },
};
