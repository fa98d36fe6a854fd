// axios: the default export, its HTTP-verb methods, and instances from axios.create().
import { HTTP_READ_METHODS, HTTP_WRITE_METHODS, type LibraryEntry } from "../catalog.js";

export const axiosLibrary: LibraryEntry = {
  name: "axios",
  kind: "api-call",
  modules: ["axios"],
  exports: { default: "client", "*": "namespace", Axios: "class" },
  roles: {
    namespace: { props: { default: "client" }, methods: { create: { op: "unknown", returns: "client", sends: false } } },
    class: { construct: "client", instance: "client" },
    client: {
      call: { op: "http" },
      methods: {
        ...HTTP_READ_METHODS,
        ...HTTP_WRITE_METHODS,
        postForm: { op: "write" },
        putForm: { op: "write" },
        patchForm: { op: "write" },
        request: { op: "http-config" },
        create: { op: "unknown", returns: "client", sends: false },
      },
    },
  },
};
