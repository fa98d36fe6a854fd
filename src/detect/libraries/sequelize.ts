// Sequelize: model statics (findAll, create…), sequelize.query, models from define() or `extends Model`.
import { listOf, type LibraryEntry, type RoleSpec } from "../catalog.js";

const model: RoleSpec = {
  construct: "instance",
  methods: {
    // what hands back one row as an instance, whose save()/reload()/destroy() are queries too
    findByPk: { op: "read", returns: "instance" },
    findOne: { op: "read", returns: "instance" },
    findAll: { op: "read", returns: "instances" },
    findAndCountAll: { op: "read", returns: "page" },
    // an app's batched finder (Outline's): each batch of rows is handed to the callback as instances
    findAllInBatches: { op: "read", callbackParam: "instances" },
    create: { op: "write", returns: "instance" },
    bulkCreate: { op: "write", returns: "instances" },
    build: { op: "unknown", returns: "instance", sends: false },
    init: { op: "unknown", sends: false },
    belongsTo: { op: "unknown", sends: false },
    hasMany: { op: "unknown", sends: false },
    hasOne: { op: "unknown", sends: false },
    belongsToMany: { op: "unknown", sends: false },
    addHook: { op: "unknown", sends: false },
    addScope: { op: "unknown", sends: false },
    scope: { op: "unknown", returns: "model", sends: false },
    unscoped: { op: "unknown", returns: "model", sends: false },
    getTableName: { op: "unknown", sends: false },
    sync: { op: "write" },
    max: { op: "read" },
    min: { op: "read" },
    sum: { op: "read" },
  },
  anyMethod: { op: "verb" },
  // Sequelize's own query statics and an app's finders built on them (findAllInBatches); not the model's
  // helpers (Document.getPath(), ApiKey.match(), normalizeEmailFingerprint())
  anyMethodNames: /^(find|count|create|bulk|update|upsert|destroy|delete|restore|increment|decrement|truncate|drop|describe|aggregate|insert|remove)/,
};

const instance: RoleSpec = {
  methods: {
    save: { op: "write" },
    reload: { op: "read" },
    destroy: { op: "write" },
    update: { op: "write" },
    increment: { op: "write" },
    decrement: { op: "write" },
    restore: { op: "write" },
  },
};

export const sequelizeLibrary: LibraryEntry = {
  name: "sequelize",
  kind: "db-query",
  modules: ["sequelize", "sequelize-typescript"],
  exports: { Sequelize: "sequelizeClass", default: "sequelizeClass", Model: "model" },
  roles: {
    sequelizeClass: { construct: "sequelize", instance: "sequelize" },
    sequelize: {
      methods: {
        query: { op: "sql" },
        define: { op: "unknown", returns: "model", sends: false },
        model: { op: "unknown", returns: "model", sends: false },
        transaction: { op: "unknown" },
        authenticate: { op: "unknown", sends: false },
        sync: { op: "write" },
        close: { op: "unknown", sends: false },
      },
      props: { models: "models" },
    },
    models: { anyProp: "model" },
    model,
    instance,
    instances: listOf("instance", "instances"),
    page: { props: { rows: "instances" } },
  },
};
