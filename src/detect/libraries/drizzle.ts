// drizzle-orm: db.select().from(t), db.insert(t).values(…), db.query.<table>.findMany().
import type { LibraryEntry } from "../catalog.js";

export const drizzleLibrary: LibraryEntry = {
  name: "drizzle-orm",
  kind: "db-query",
  modules: [/^drizzle-orm\/[\w-]+(\/[\w-]+)?$/],
  exports: { drizzle: "factory" },
  roles: {
    factory: { call: { op: "unknown", returns: "db", sends: false } },
    db: {
      methods: {
        select: { op: "read", returns: "builder", sends: false },
        selectDistinct: { op: "read", returns: "builder", sends: false },
        insert: { op: "write", returns: "builder", sends: false },
        update: { op: "write", returns: "builder", sends: false },
        delete: { op: "write", returns: "builder", sends: false },
        with: { op: "unknown", returns: "db", sends: false },
        $with: { op: "unknown", sends: false },
        execute: { op: "sql" },
        run: { op: "sql" },
        all: { op: "sql" },
        get: { op: "sql" },
        values: { op: "sql" },
        transaction: { op: "unknown", callbackParam: "db" },
        batch: { op: "unknown" },
      },
      props: { query: "relational" },
    },
    relational: { anyProp: "table" },
    table: { methods: { findMany: { op: "read" }, findFirst: { op: "read" } } },
    builder: {
      methods: {
        execute: { op: "unknown" },
        all: { op: "unknown" },
        get: { op: "unknown" },
        run: { op: "unknown" },
        values: { op: "unknown", returns: "builder", sends: false },
        prepare: { op: "unknown", sends: false },
        toSQL: { op: "unknown", sends: false },
        returning: { op: "unknown", returns: "builder", sends: false },
      },
      anyMethod: { op: "unknown", returns: "builder", sends: false },
      defaultOp: "read",
    },
  },
};
