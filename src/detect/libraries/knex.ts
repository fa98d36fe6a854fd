// knex: db("table").where(…).first() — a builder that sends when awaited; reported once, at the end of the chain.
import type { LibraryEntry } from "../catalog.js";

export const knexLibrary: LibraryEntry = {
  name: "knex",
  kind: "db-query",
  modules: ["knex"],
  exports: { default: "factory", knex: "factory", Knex: "instanceType" },
  roles: {
    factory: { call: { op: "unknown", returns: "db", sends: false } },
    instanceType: { instance: "db" },
    db: {
      call: { op: "unknown", returns: "builder", sends: false },
      methods: {
        raw: { op: "sql", returns: "builder", sends: false },
        transaction: { op: "unknown", callbackParam: "db" },
        destroy: { op: "unknown", sends: false },
        batchInsert: { op: "write", returns: "builder", sends: false },
        fn: { op: "unknown", sends: false },
      },
      props: { schema: "schema", fn: "inert" },
      anyMethod: { op: "verb", returns: "builder", sends: false },
    },
    schema: {
      // migrations ask before they change: `if (!(await knex.schema.hasColumn("users", "ghost")))`
      methods: {
        hasTable: { op: "read", returns: "builder", sends: false },
        hasColumn: { op: "read", returns: "builder", sends: false },
      },
      anyMethod: { op: "write", returns: "builder", sends: false },
    },
    builder: {
      methods: {
        then: { op: "unknown" },
        stream: { op: "unknown" },
        pipe: { op: "unknown" },
        asCallback: { op: "unknown" },
        toSQL: { op: "unknown", sends: false },
        toQuery: { op: "unknown", sends: false },
        modify: { op: "unknown", returns: "builder", sends: false },
        del: { op: "write", returns: "builder", sends: false },
        onConflict: { op: "write", returns: "builder", sends: false },
        merge: { op: "write", returns: "builder", sends: false },
        ignore: { op: "write", returns: "builder", sends: false },
      },
      anyMethod: { op: "verb", returns: "builder", sends: false },
      defaultOp: "read",
    },
    inert: {},
  },
};
