// Supabase: client.from(table).select()/insert()…, rpc(), storage. Clients also come from the Next.js
// helpers: @supabase/ssr (createBrowserClient/createServerClient) and the older @supabase/auth-helpers-nextjs.
import type { LibraryEntry } from "../catalog.js";

export const supabaseLibrary: LibraryEntry = {
  name: "@supabase/supabase-js",
  kind: "db-query",
  modules: ["@supabase/supabase-js", "@supabase/ssr", "@supabase/auth-helpers-nextjs"],
  exports: {
    createClient: "factory",
    SupabaseClient: "clientType",
    createBrowserClient: "factory",
    createServerClient: "factory",
    createClientComponentClient: "factory",
    createServerComponentClient: "factory",
    createRouteHandlerClient: "factory",
    createServerActionClient: "factory",
    createMiddlewareClient: "factory",
    createPagesBrowserClient: "factory",
    createPagesServerClient: "factory",
  },
  roles: {
    factory: { call: { op: "unknown", returns: "client", sends: false } },
    clientType: { instance: "client" },
    client: {
      methods: {
        from: { op: "unknown", returns: "builder", sends: false },
        rpc: { op: "unknown", returns: "builder", sends: false },
        schema: { op: "unknown", returns: "client", sends: false },
        channel: { op: "unknown", sends: false },
        removeChannel: { op: "unknown", sends: false },
      },
      props: { storage: "storage", auth: "resource", functions: "resource" },
    },
    storage: { methods: { from: { op: "unknown", returns: "bucket", sends: false } }, anyMethod: { op: "verb" } },
    bucket: { methods: { download: { op: "read" }, getPublicUrl: { op: "unknown", sends: false } }, anyMethod: { op: "verb" } },
    resource: { anyProp: "resource", anyMethod: { op: "verb" } },
    builder: {
      methods: {
        select: { op: "read", returns: "builder", sends: false },
        insert: { op: "write", returns: "builder", sends: false },
        upsert: { op: "write", returns: "builder", sends: false },
        update: { op: "write", returns: "builder", sends: false },
        delete: { op: "write", returns: "builder", sends: false },
        then: { op: "unknown" },
      },
      anyMethod: { op: "unknown", returns: "builder", sends: false },
      defaultOp: "read",
    },
  },
};
