// nodemailer: `createTransport(options)` makes a transporter (no I/O); `sendMail()` talks to the SMTP server
// or the mail API behind it.
import type { LibraryEntry } from "../catalog.js";

export const nodemailerLibrary: LibraryEntry = {
  name: "nodemailer",
  kind: "api-call",
  modules: ["nodemailer"],
  exports: { default: "module", "*": "module", createTransport: "factory", Transporter: "type" },
  roles: {
    module: { props: { createTransport: "factory" } },
    factory: { call: { op: "unknown", returns: "transporter", sends: false } },
    type: { instance: "transporter" },
    transporter: { methods: { sendMail: { op: "write" }, verify: { op: "read" } } },
  },
};
