// TypeORM: repositories, the entity manager, DataSource.query and query builders (getMany/execute send), and
// Active Record entities (`class User extends BaseEntity`: `User.findOneBy(…)`, then `user.save()`).
import { listOf, type CallSpec, type LibraryEntry, type RoleSpec } from "../catalog.js";

const repositoryMethods: Record<string, CallSpec> = {
  createQueryBuilder: { op: "unknown", returns: "builder", sends: false },
  create: { op: "unknown", sends: false },
  merge: { op: "unknown", sends: false },
  getId: { op: "unknown", sends: false },
  hasId: { op: "unknown", sends: false },
  query: { op: "sql" },
  exist: { op: "read" },
  exists: { op: "read" },
  existsBy: { op: "read" },
  preload: { op: "read" },
};

const repository: RoleSpec = { methods: repositoryMethods, anyMethod: { op: "verb" } };

/** An entity class that extends BaseEntity: its statics are the repository's, and the rows it finds are entities. */
const activeRecord: RoleSpec = {
  construct: "entity",
  instance: "entity",
  methods: {
    ...repositoryMethods,
    create: { op: "unknown", returns: "entity", sends: false },
    findOne: { op: "read", returns: "entity" },
    findOneBy: { op: "read", returns: "entity" },
    findOneOrFail: { op: "read", returns: "entity" },
    findOneByOrFail: { op: "read", returns: "entity" },
    find: { op: "read", returns: "entities" },
    findBy: { op: "read", returns: "entities" },
    findAndCount: { op: "read" },
    findAndCountBy: { op: "read" },
    useDataSource: { op: "unknown", sends: false },
    getRepository: { op: "unknown", returns: "repository", sends: false },
    target: { op: "unknown", sends: false },
  },
  anyMethod: { op: "verb" },
  // the Active Record statics; not the entity's own helpers (User.fullNameOf(u))
  anyMethodNames: /^(find|count|sum|average|minimum|maximum|exist|save|insert|update|upsert|delete|remove|softDelete|softRemove|restore|recover|increment|decrement|clear|query|preload)/,
};

/** A row as an entity object: `user.save()`, `user.remove()` send. */
const entity: RoleSpec = {
  methods: {
    save: { op: "write" },
    remove: { op: "write" },
    softRemove: { op: "write" },
    recover: { op: "write" },
    reload: { op: "read" },
  },
};

export const typeormLibrary: LibraryEntry = {
  name: "typeorm",
  kind: "db-query",
  // n8n ships its own fork as @n8n/typeorm
  modules: ["typeorm", "@n8n/typeorm"],
  exports: {
    DataSource: "dataSourceClass",
    Repository: "repositoryType",
    EntityManager: "managerType",
    QueryRunner: "queryRunnerType",
    getRepository: "getRepository",
    getManager: "getManager",
    getConnection: "getConnection",
    createQueryBuilder: "createQueryBuilder",
    BaseEntity: "activeRecord",
  },
  roles: {
    dataSourceClass: { construct: "dataSource", instance: "dataSource" },
    repositoryType: { instance: "repository", construct: "repository" },
    managerType: { instance: "manager" },
    queryRunnerType: { instance: "queryRunner" },
    queryRunner: {
      props: { manager: "manager" },
      methods: {
        query: { op: "sql" },
        getRepository: { op: "unknown", returns: "repository", sends: false },
        createQueryBuilder: { op: "unknown", returns: "builder", sends: false },
      },
    },
    getRepository: { call: { op: "unknown", returns: "repository", sends: false } },
    getManager: { call: { op: "unknown", returns: "manager", sends: false } },
    getConnection: { call: { op: "unknown", returns: "dataSource", sends: false } },
    createQueryBuilder: { call: { op: "unknown", returns: "builder", sends: false } },
    dataSource: {
      props: { manager: "manager" },
      methods: {
        getRepository: { op: "unknown", returns: "repository", sends: false },
        getTreeRepository: { op: "unknown", returns: "repository", sends: false },
        createQueryBuilder: { op: "unknown", returns: "builder", sends: false },
        query: { op: "sql" },
        transaction: { op: "unknown", callbackParam: "manager" },
        createQueryRunner: { op: "unknown", returns: "queryRunner", sends: false },
        initialize: { op: "unknown", sends: false },
        destroy: { op: "unknown", sends: false },
      },
    },
    manager: {
      methods: {
        ...repositoryMethods,
        getRepository: { op: "unknown", returns: "repository", sends: false },
        transaction: { op: "unknown", callbackParam: "manager" },
      },
      anyMethod: { op: "verb" },
    },
    repository,
    activeRecord,
    entity,
    entities: listOf("entity", "entities"),
    builder: {
      methods: {
        getMany: { op: "read" },
        getOne: { op: "read" },
        getOneOrFail: { op: "read" },
        getRawMany: { op: "read" },
        getRawOne: { op: "read" },
        getCount: { op: "read" },
        getExists: { op: "read" },
        getManyAndCount: { op: "read" },
        stream: { op: "read" },
        execute: { op: "unknown" },
        insert: { op: "write", returns: "builder", sends: false },
        update: { op: "write", returns: "builder", sends: false },
        delete: { op: "write", returns: "builder", sends: false },
        softDelete: { op: "write", returns: "builder", sends: false },
        getQuery: { op: "unknown", sends: false },
        getSql: { op: "unknown", sends: false },
        getParameters: { op: "unknown", sends: false },
      },
      anyMethod: { op: "unknown", returns: "builder", sends: false },
    },
  },
};
