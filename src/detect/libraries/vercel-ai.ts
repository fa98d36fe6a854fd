// The Vercel AI SDK (`ai`): generateText / generateObject / embed are completions, reads for caching purposes
// (same request, same answer); streamText / streamObject start one whose result is a stream.
import type { LibraryEntry } from "../catalog.js";

export const vercelAiLibrary: LibraryEntry = {
  name: "ai",
  kind: "api-call",
  modules: ["ai"],
  exports: {
    generateText: "completion",
    generateObject: "completion",
    embed: "completion",
    embedMany: "completion",
    streamText: "completion",
    streamObject: "completion",
  },
  roles: {
    completion: { call: { op: "read" } },
  },
};
