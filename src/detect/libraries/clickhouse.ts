// @clickhouse/client (and its browser/edge build): `createClient({ url })`, then `client.query({ query, format })`,
// whose SQL text decides read or write, `client.insert({ table, values })`, `client.command({ query })` for DDL and
// mutations, `client.exec({ query })`.
import type { LibraryEntry } from "../catalog.js";

export const clickhouseLibrary: LibraryEntry = {
  name: "@clickhouse/client",
  kind: "db-query",
  modules: ["@clickhouse/client", "@clickhouse/client-web"],
  exports: { default: "namespace", "*": "namespace", createClient: "factory", ClickHouseClient: "clientType" },
  roles: {
    namespace: { methods: { createClient: { op: "unknown", returns: "client", sends: false } } },
    factory: { call: { op: "unknown", returns: "client", sends: false } },
    clientType: { instance: "client" },
    client: {
      methods: {
        query: { op: "sql" },
        insert: { op: "write" },
        command: { op: "sql" },
        exec: { op: "sql" },
        ping: { op: "read" },
      },
    },
  },
};
