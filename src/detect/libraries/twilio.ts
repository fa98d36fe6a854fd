// twilio: client.messages.create(), client.calls(sid).fetch().
import type { LibraryEntry } from "../catalog.js";

export const twilioLibrary: LibraryEntry = {
  name: "twilio",
  kind: "api-call",
  modules: ["twilio"],
  exports: { default: "factory", Twilio: "class" },
  roles: {
    factory: { call: { op: "unknown", returns: "client", sends: false }, props: { Twilio: "class" } },
    class: { construct: "client", instance: "client" },
    client: { anyProp: "resource" },
    resource: {
      call: { op: "unknown", returns: "resource", sends: false },
      anyProp: "resource",
      methods: { fetch: { op: "read" }, list: { op: "read" }, each: { op: "read" }, page: { op: "read" } },
      anyMethod: { op: "verb" },
    },
  },
};
