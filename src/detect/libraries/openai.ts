// openai: completions, responses and embeddings are reads for caching purposes (same request, same answer).
import type { LibraryEntry, RoleSpec } from "../catalog.js";

/** The OpenAI client's shape, which OpenAI-compatible SDKs (groq-sdk) copy. */
export const openaiRoles: Record<string, RoleSpec> = {
  class: { construct: "client", instance: "client" },
  client: {
    props: {
      chat: "chat",
      beta: "client",
      responses: "completions",
      completions: "completions",
      embeddings: "completions",
      moderations: "completions",
      images: "images",
      audio: "audio",
    },
    anyProp: "resource",
  },
  chat: { props: { completions: "completions" }, anyProp: "resource" },
  completions: {
    methods: { create: { op: "read" }, parse: { op: "read" }, stream: { op: "read" }, retrieve: { op: "read" } },
    anyProp: "resource",
    anyMethod: { op: "verb" },
  },
  images: { methods: { generate: { op: "read" }, edit: { op: "read" }, createVariation: { op: "read" } } },
  audio: { anyProp: "completions" },
  resource: { anyProp: "resource", anyMethod: { op: "verb" } },
};

export const openaiLibrary: LibraryEntry = {
  name: "openai",
  kind: "api-call",
  modules: ["openai"],
  exports: { default: "class", OpenAI: "class", AzureOpenAI: "class" },
  roles: openaiRoles,
};

export const anthropicLibrary: LibraryEntry = {
  name: "@anthropic-ai/sdk",
  kind: "api-call",
  modules: ["@anthropic-ai/sdk"],
  exports: { default: "class", Anthropic: "class" },
  roles: {
    class: { construct: "client", instance: "client" },
    client: { props: { messages: "messages", completions: "messages", beta: "client" }, anyProp: "resource" },
    messages: {
      methods: { create: { op: "read" }, stream: { op: "read" }, countTokens: { op: "read" }, parse: { op: "read" } },
      anyProp: "resource",
      anyMethod: { op: "verb" },
    },
    resource: { anyProp: "resource", anyMethod: { op: "verb" } },
  },
};
