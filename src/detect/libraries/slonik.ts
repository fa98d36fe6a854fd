// Slonik (and logto's fork @silverhand/slonik): `await createPool(url)`, then `pool.one(sql\`SELECT …\`)`, whose SQL
// text decides read or write; transactions and connections hand their callback a client of the same shape. Pools
// usually arrive as parameters typed `CommonQueryMethods` / `DatabasePool` (one factory of queries per pool).
import type { LibraryEntry } from "../catalog.js";

const SQL = { op: "sql" } as const;

export const slonikLibrary: LibraryEntry = {
  name: "slonik",
  kind: "db-query",
  modules: ["slonik", "@silverhand/slonik"],
  exports: {
    createPool: "factory",
    CommonQueryMethods: "poolType",
    DatabasePool: "poolType",
    DatabasePoolType: "poolType",
    DatabaseConnection: "poolType",
    DatabasePoolConnection: "poolType",
    DatabaseTransactionConnection: "poolType",
    DatabaseTransactionConnectionType: "poolType",
  },
  roles: {
    factory: { call: { op: "unknown", returns: "pool", sends: false } },
    poolType: { instance: "pool" },
    pool: {
      methods: {
        query: SQL,
        one: SQL,
        oneFirst: SQL,
        maybeOne: SQL,
        maybeOneFirst: SQL,
        many: SQL,
        manyFirst: SQL,
        any: SQL,
        anyFirst: SQL,
        exists: SQL,
        stream: SQL,
        copyFromBinary: { op: "write" },
        transaction: { op: "unknown", callbackParam: "pool" },
        connect: { op: "unknown", callbackParam: "pool" },
        end: { op: "unknown", sends: false },
      },
    },
  },
};
