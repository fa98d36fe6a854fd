// got and ky: callable clients with HTTP-verb methods and extend()ed instances.
import { HTTP_READ_METHODS, HTTP_WRITE_METHODS, type LibraryEntry } from "../catalog.js";

const roles: LibraryEntry["roles"] = {
  client: {
    call: { op: "http" },
    methods: {
      ...HTTP_READ_METHODS,
      ...HTTP_WRITE_METHODS,
      extend: { op: "unknown", returns: "client", sends: false },
      create: { op: "unknown", returns: "client", sends: false },
      paginate: { op: "read" },
    },
  },
};

export const gotLibrary: LibraryEntry = {
  name: "got",
  kind: "api-call",
  modules: ["got"],
  exports: { default: "client", got: "client" },
  roles,
};

export const kyLibrary: LibraryEntry = {
  name: "ky",
  kind: "api-call",
  modules: ["ky", "ky-universal"],
  exports: { default: "client" },
  roles,
};
