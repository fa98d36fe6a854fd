// The WHATWG fetch: the global, node-fetch, cross-fetch and isomorphic-fetch.
import type { LibraryEntry } from "../catalog.js";

export const fetchLibrary: LibraryEntry = {
  name: "fetch",
  kind: "api-call",
  modules: ["node-fetch", "cross-fetch", "isomorphic-fetch", "isomorphic-unfetch", "make-fetch-happen"],
  exports: { default: "fetch", fetch: "fetch", "*": "module" },
  globals: { fetch: "fetch" },
  roles: {
    fetch: { call: { op: "http" } },
    module: { call: { op: "http" }, props: { default: "fetch", fetch: "fetch" } },
  },
  moduleKinds: [{ pattern: /^node-fetch$/, name: "node-fetch" }],
};
