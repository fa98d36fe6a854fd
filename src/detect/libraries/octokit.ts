// @octokit/*: rest.<namespace>.<method>, request("GET /route"), graphql, paginate.
// The same client handed out by @actions/github (getOctokit) and Probot (context.octokit, app.auth()),
// which share these roles and report as "@octokit".
import type { LibraryEntry, RoleSpec } from "../catalog.js";

/** An Octokit class and the client it makes: shared by every library that hands out an Octokit. */
export const octokitRoles: Record<string, RoleSpec> = {
  class: { construct: "client", instance: "client", methods: { plugin: { op: "unknown", returns: "class", sends: false } } },
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
};

export const octokitLibrary: LibraryEntry = {
  name: "@octokit",
  kind: "api-call",
  modules: [/^@octokit\//, "octokit"],
  exports: { Octokit: "class", App: "app", default: "class", request: "request", graphql: "graphql" },
  roles: {
    ...octokitRoles,
    app: { construct: "appInstance" },
    appInstance: { props: { octokit: "client" } },
    request: { call: { op: "route" } },
    graphql: { call: { op: "graphql" } },
  },
};

/**
 * @actions/github: `getOctokit(token)` builds an Octokit (no request of its own); `GitHub` is its class.
 * `context` is the workflow's event payload, not a client. Its own entry name (values cross files by entry
 * name), reported as "@octokit".
 */
export const actionsGithubLibrary: LibraryEntry = {
  name: "@actions/github",
  kind: "api-call",
  modules: ["@actions/github", "@actions/github/lib/utils"],
  exports: { getOctokit: "getOctokit", GitHub: "class" },
  roles: {
    ...octokitRoles,
    getOctokit: { call: { op: "unknown", returns: "client", sends: false } },
  },
  moduleKinds: [{ pattern: /.*/, name: "@octokit" }],
};

/**
 * probot: `context.octokit` of a handler's `context: Context`, `await app.auth(id)` of an `app: Probot`, and
 * `new ProbotOctokit()`. Only what a declared type says: an untyped `(app) => app.on(…, (context) => …)`
 * gives no way to know what `context` is without guessing from names.
 */
export const probotLibrary: LibraryEntry = {
  name: "probot",
  kind: "api-call",
  modules: ["probot"],
  exports: { Probot: "probotClass", Context: "contextClass", ProbotOctokit: "class" },
  roles: {
    ...octokitRoles,
    probotClass: { construct: "probot", instance: "probot" },
    probot: {
      methods: {
        // Builds an Octokit authenticated as the app, or as an installation: the installation token is
        // requested lazily, by the client's first call (@octokit/auth-app), which is the call reported.
        auth: { op: "unknown", returns: "client", sends: false },
      },
    },
    contextClass: { instance: "context" },
    context: {
      props: { octokit: "client" },
      // Reads .github/<file> from the repository through context.octokit (a GET of its contents).
      methods: { config: { op: "read" } },
    },
  },
  moduleKinds: [{ pattern: /.*/, name: "@octokit" }],
};
