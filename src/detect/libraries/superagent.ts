// superagent: request builders that send when awaited or .end()ed.
import type { LibraryEntry } from "../catalog.js";

export const superagentLibrary: LibraryEntry = {
  name: "superagent",
  kind: "api-call",
  modules: ["superagent"],
  exports: { default: "agent", "*": "agent" },
  roles: {
    agent: {
      call: { op: "http", returns: "request", sends: false },
      methods: {
        get: { op: "read", returns: "request", sends: false },
        head: { op: "read", returns: "request", sends: false },
        post: { op: "write", returns: "request", sends: false },
        put: { op: "write", returns: "request", sends: false },
        patch: { op: "write", returns: "request", sends: false },
        delete: { op: "write", returns: "request", sends: false },
        del: { op: "write", returns: "request", sends: false },
        agent: { op: "unknown", returns: "agent", sends: false },
      },
    },
    request: {
      methods: { end: { op: "unknown" } },
      anyMethod: { op: "unknown", returns: "request", sends: false },
      defaultOp: "unknown",
    },
  },
};
