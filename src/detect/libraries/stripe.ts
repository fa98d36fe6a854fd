// stripe: client.<resource>.<retrieve|list|create|update|del…>.
import type { LibraryEntry } from "../catalog.js";

export const stripeLibrary: LibraryEntry = {
  name: "stripe",
  kind: "api-call",
  modules: ["stripe"],
  exports: { default: "class", Stripe: "class" },
  roles: {
    class: { construct: "client", call: { op: "unknown", returns: "client", sends: false }, instance: "client" },
    // `stripe.webhooks.constructEvent(payload, signature, secret)` checks a signature locally: no request
    client: { props: { webhooks: "local" }, anyProp: "resource" },
    local: {},
    resource: { anyProp: "resource", anyMethod: { op: "verb" } },
  },
};
