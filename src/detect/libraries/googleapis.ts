// googleapis: google.<api>({ version }).<resource>.<method>.
import type { LibraryEntry } from "../catalog.js";

export const googleapisLibrary: LibraryEntry = {
  name: "googleapis",
  kind: "api-call",
  modules: ["googleapis", /^@googleapis\//],
  exports: { google: "google", default: "google" },
  exportPattern: [{ pattern: /^[a-z][A-Za-z0-9]*$/, role: "apiFactory" }],
  roles: {
    google: { props: { auth: "auth" }, anyMethod: { op: "unknown", returns: "api", sends: false } },
    auth: {},
    apiFactory: { call: { op: "unknown", returns: "api", sends: false } },
    api: { anyProp: "resource" },
    resource: { anyProp: "resource", anyMethod: { op: "verb" } },
  },
};
