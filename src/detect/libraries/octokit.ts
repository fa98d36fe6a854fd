// @octokit/*: rest.<namespace>.<method>, request("GET /route"), graphql, paginate.
import type { LibraryEntry } from "../catalog.js";

export const octokitLibrary: LibraryEntry = {
  name: "@octokit",
  kind: "api-call",
  modules: [/^@octokit\//, "octokit"],
  exports: { Octokit: "class", App: "app", default: "class", request: "request", graphql: "graphql" },
  roles: {
    class: { construct: "client", instance: "client", methods: { plugin: { op: "unknown", returns: "class", sends: false } } },
    app: { construct: "appInstance" },
    appInstance: { props: { octokit: "client" } },
    client: {
      props: { rest: "rest" },
      methods: {
        request: { op: "route" },
        graphql: { op: "graphql" },
        paginate: { op: "read" },
      },
      anyProp: "namespace",
    },
    rest: { anyProp: "namespace" },
    namespace: { anyMethod: { op: "verb" } },
    request: { call: { op: "route" } },
    graphql: { call: { op: "graphql" } },
  },
};
