// Kysely: db.selectFrom(…)…execute(); insertInto / updateTable / deleteFrom are writes.
import type { LibraryEntry } from "../catalog.js";

export const kyselyLibrary: LibraryEntry = {
  name: "kysely",
  kind: "db-query",
  modules: ["kysely"],
  exports: { Kysely: "class", sql: "sqlTag" },
  roles: {
    class: { construct: "db", instance: "db" },
    db: {
      methods: {
        selectFrom: { op: "read", returns: "builder", sends: false },
        insertInto: { op: "write", returns: "builder", sends: false },
        replaceInto: { op: "write", returns: "builder", sends: false },
        updateTable: { op: "write", returns: "builder", sends: false },
        deleteFrom: { op: "write", returns: "builder", sends: false },
        mergeInto: { op: "write", returns: "builder", sends: false },
        // a data-modifying CTE (`.with("a", (qb) => qb.updateTable("a")…)`) is reported as the write it is
        with: { op: "callback", returns: "db", sends: false, callbackParam: "db" },
        transaction: { op: "unknown", returns: "transaction", sends: false },
        destroy: { op: "unknown", sends: false },
        executeQuery: { op: "unknown" },
      },
    },
    transaction: { methods: { execute: { op: "unknown", callbackParam: "db" } } },
    builder: {
      methods: {
        execute: { op: "unknown" },
        executeTakeFirst: { op: "unknown" },
        executeTakeFirstOrThrow: { op: "unknown" },
        stream: { op: "unknown" },
        compile: { op: "unknown", sends: false },
      },
      anyMethod: { op: "unknown", returns: "builder", sends: false },
    },
    sqlTag: { call: { op: "sql", returns: "rawSql", sends: false } },
    rawSql: { methods: { execute: { op: "unknown" } } },
  },
};
