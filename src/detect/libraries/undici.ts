// undici: fetch, request, and Client/Pool instances.
import type { LibraryEntry } from "../catalog.js";

export const undiciLibrary: LibraryEntry = {
  name: "undici",
  kind: "api-call",
  modules: ["undici"],
  exports: { fetch: "fetch", request: "request", Client: "class", Pool: "class", Agent: "class", "*": "namespace" },
  roles: {
    namespace: { props: { fetch: "fetch", request: "request", Client: "class", Pool: "class" } },
    fetch: { call: { op: "http" } },
    request: { call: { op: "http" } },
    class: { construct: "client", instance: "client" },
    client: { methods: { request: { op: "http" }, stream: { op: "http" } } },
  },
};
