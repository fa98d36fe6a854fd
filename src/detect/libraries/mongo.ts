// MongoDB: mongoose model statics and queries (sent when awaited or .exec()ed), and the mongodb driver's collections.
import { listOf, type LibraryEntry } from "../catalog.js";

const QUERY = { returns: "query", sends: false } as const;

export const mongooseLibrary: LibraryEntry = {
  name: "mongoose",
  kind: "db-query",
  modules: ["mongoose"],
  exports: { default: "mongoose", "*": "mongoose", model: "modelFactory", Model: "modelType" },
  roles: {
    mongoose: {
      methods: {
        model: { op: "unknown", returns: "model", sends: false },
        connect: { op: "unknown", sends: false },
        createConnection: { op: "unknown", returns: "connection", sends: false },
      },
      props: { models: "models", connection: "connection", Model: "modelType" },
    },
    connection: { methods: { model: { op: "unknown", returns: "model", sends: false } }, props: { models: "models" } },
    models: { anyProp: "model" },
    modelFactory: { call: { op: "unknown", returns: "model", sends: false } },
    modelType: { instance: "model" },
    model: {
      // `new User(…)` is a document, written by its `.save()`
      construct: "document",
      methods: {
        find: { op: "read", returns: "listQuery", sends: false },
        findOne: { op: "read", ...QUERY },
        findById: { op: "read", ...QUERY },
        countDocuments: { op: "read", ...QUERY },
        estimatedDocumentCount: { op: "read", ...QUERY },
        distinct: { op: "read", ...QUERY },
        exists: { op: "read", ...QUERY },
        where: { op: "read", ...QUERY },
        aggregate: { op: "read", returns: "query", sends: false },
        findOneAndUpdate: { op: "write", ...QUERY },
        findByIdAndUpdate: { op: "write", ...QUERY },
        findOneAndDelete: { op: "write", ...QUERY },
        findByIdAndDelete: { op: "write", ...QUERY },
        findOneAndReplace: { op: "write", ...QUERY },
        updateOne: { op: "write", ...QUERY },
        updateMany: { op: "write", ...QUERY },
        deleteOne: { op: "write", ...QUERY },
        deleteMany: { op: "write", ...QUERY },
        replaceOne: { op: "write", ...QUERY },
        create: { op: "write" },
        insertMany: { op: "write" },
        bulkWrite: { op: "write" },
        hydrate: { op: "unknown", sends: false },
        schema: { op: "unknown", sends: false },
      },
    },
    query: {
      methods: { exec: { op: "unknown", returns: "document" }, then: { op: "unknown" }, cursor: { op: "unknown" } },
      anyMethod: { op: "unknown", returns: "query", sends: false },
      defaultOp: "read",
      awaited: "document",
    },
    listQuery: {
      methods: { exec: { op: "unknown", returns: "documents" }, then: { op: "unknown" }, cursor: { op: "unknown" } },
      anyMethod: { op: "unknown", returns: "listQuery", sends: false },
      defaultOp: "read",
      awaited: "documents",
    },
    documents: listOf("document", "documents"),
    document: {
      methods: {
        save: { op: "write" },
        remove: { op: "write" },
        deleteOne: { op: "write" },
        updateOne: { op: "write", returns: "query", sends: false },
        populate: { op: "read" },
      },
    },
  },
};

export const mongodbLibrary: LibraryEntry = {
  name: "mongodb",
  kind: "db-query",
  modules: ["mongodb"],
  exports: { MongoClient: "clientClass", Db: "dbType", Collection: "collectionType" },
  roles: {
    clientClass: {
      construct: "client",
      instance: "client",
      methods: { connect: { op: "unknown", returns: "client", sends: false } },
    },
    dbType: { instance: "db" },
    collectionType: { instance: "collection" },
    client: {
      methods: {
        db: { op: "unknown", returns: "db", sends: false },
        connect: { op: "unknown", returns: "client", sends: false },
        close: { op: "unknown", sends: false },
        startSession: { op: "unknown", sends: false },
      },
    },
    db: {
      methods: {
        collection: { op: "unknown", returns: "collection", sends: false },
        command: { op: "unknown" },
        listCollections: { op: "read", returns: "cursor", sends: false },
        createCollection: { op: "write" },
        dropCollection: { op: "write" },
        dropDatabase: { op: "write" },
        stats: { op: "read" },
      },
    },
    collection: {
      methods: {
        find: { op: "read", returns: "cursor", sends: false },
        aggregate: { op: "read", returns: "cursor", sends: false },
        watch: { op: "read", sends: false },
        findOne: { op: "read" },
        countDocuments: { op: "read" },
        estimatedDocumentCount: { op: "read" },
        distinct: { op: "read" },
        initializeOrderedBulkOp: { op: "write", sends: false },
        initializeUnorderedBulkOp: { op: "write", sends: false },
      },
      anyMethod: { op: "verb" },
    },
    cursor: {
      methods: {
        toArray: { op: "unknown" },
        next: { op: "unknown" },
        hasNext: { op: "unknown" },
        forEach: { op: "unknown" },
        tryNext: { op: "unknown" },
        close: { op: "unknown", sends: false },
      },
      anyMethod: { op: "unknown", returns: "cursor", sends: false },
      defaultOp: "read",
    },
  },
};
