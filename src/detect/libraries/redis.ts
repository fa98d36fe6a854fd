// Redis clients: ioredis (`new Redis()`), node-redis (`createClient()`); pipelines and multi send on exec().
import type { LibraryEntry, RoleSpec } from "../catalog.js";

const client: RoleSpec = {
  methods: {
    pipeline: { op: "unknown", returns: "pipeline", sends: false },
    multi: { op: "unknown", returns: "pipeline", sends: false },
    duplicate: { op: "unknown", returns: "client", sends: false },
    connect: { op: "unknown", sends: false },
    disconnect: { op: "unknown", sends: false },
    quit: { op: "unknown", sends: false },
    // an EventEmitter's listener methods hand back the client: `createClient({ url }).on("error", log)`
    on: { op: "unknown", returns: "client", sends: false },
    once: { op: "unknown", returns: "client", sends: false },
    off: { op: "unknown", returns: "client", sends: false },
    defineCommand: { op: "unknown", sends: false },
    status: { op: "unknown", sends: false },
    ping: { op: "read" },
    sendCommand: { op: "unknown" },
    call: { op: "unknown" },
    eval: { op: "unknown" },
    evalsha: { op: "unknown" },
  },
  anyMethod: { op: "verb" },
};

export const redisLibrary: LibraryEntry = {
  name: "redis",
  kind: "db-query",
  modules: ["ioredis", "redis", "@redis/client", "@upstash/redis"],
  exports: { default: "class", Redis: "class", Cluster: "class", createClient: "factory", createCluster: "factory" },
  roles: {
    class: { construct: "client", instance: "client", methods: { fromEnv: { op: "unknown", returns: "client", sends: false } } },
    factory: { call: { op: "unknown", returns: "client", sends: false } },
    client,
    pipeline: {
      methods: { exec: { op: "unknown" }, execAsPipeline: { op: "unknown" } },
      anyMethod: { op: "verb", returns: "pipeline", sends: false },
    },
  },
  moduleKinds: [
    { pattern: /^ioredis$/, name: "ioredis" },
    { pattern: /^@upstash\/redis$/, name: "@upstash/redis" },
  ],
};
