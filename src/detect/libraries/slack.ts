// @slack/web-api: `new WebClient(token)`, then `client.chat.postMessage()`, `client.conversations.history()`,
// `client.admin.users.list()`; each method is one HTTPS call to the Slack API, read or write by its name.
import type { LibraryEntry } from "../catalog.js";

export const slackLibrary: LibraryEntry = {
  name: "@slack/web-api",
  kind: "api-call",
  modules: ["@slack/web-api"],
  // `Methods` is the type of the API surface a WebClient has (apps type their field with it)
  exports: { WebClient: "class", Methods: "class" },
  roles: {
    class: { construct: "client", instance: "client" },
    client: {
      methods: { apiCall: { op: "unknown" }, paginate: { op: "read" } },
      anyProp: "group",
    },
    group: {
      anyProp: "group",
      // Slack's read methods whose names carry no verb
      methods: { history: { op: "read" }, replies: { op: "read" }, info: { op: "read" }, lookupByEmail: { op: "read" }, messages: { op: "read" } },
      anyMethod: { op: "verb" },
    },
  },
};
