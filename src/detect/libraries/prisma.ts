// Prisma: prisma.<model>.<findMany|create|…>, $queryRaw / $executeRaw, and classes that extend PrismaClient.
import type { LibraryEntry } from "../catalog.js";

export const prismaLibrary: LibraryEntry = {
  name: "prisma",
  kind: "db-query",
  modules: ["@prisma/client", /^@prisma\/client\//, /\/generated\/prisma(\/client)?$/],
  exports: { PrismaClient: "class", Prisma: "prismaNamespace", default: "namespace", "*": "namespace" },
  roles: {
    namespace: { props: { PrismaClient: "class", Prisma: "prismaNamespace" } },
    // `tx: Prisma.TransactionClient`, the client a $transaction callback gets, as a declared type
    prismaNamespace: { props: { TransactionClient: "transactionClient" } },
    transactionClient: { instance: "client" },
    class: { construct: "client", instance: "client" },
    client: {
      methods: {
        $queryRaw: { op: "sql" },
        $queryRawUnsafe: { op: "sql" },
        $executeRaw: { op: "write" },
        $executeRawUnsafe: { op: "write" },
        $runCommandRaw: { op: "unknown" },
        $transaction: { op: "unknown", callbackParam: "client" },
        $connect: { op: "unknown", sends: false },
        $disconnect: { op: "unknown", sends: false },
        $on: { op: "unknown", sends: false },
        $use: { op: "unknown", sends: false },
        $extends: { op: "unknown", returns: "client", sends: false },
      },
      anyProp: "model",
    },
    model: { anyMethod: { op: "verb" }, props: { fields: "inert" } },
    inert: {},
  },
};
