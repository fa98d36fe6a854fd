// stripe: client.<resource>.<retrieve|list|create|update|del…>.
import type { LibraryEntry } from "../catalog.js";

export const stripeLibrary: LibraryEntry = {
  name: "stripe",
  kind: "api-call",
  modules: ["stripe"],
  exports: { default: "class", Stripe: "class" },
  roles: {
    class: { construct: "client", call: { op: "unknown", returns: "client", sends: false }, instance: "client" },
    client: { anyProp: "resource" },
    resource: { anyProp: "resource", anyMethod: { op: "verb" } },
  },
};
