// LLM SDKs beside openai and anthropic: a completion, an embedding or a token count is a read for caching
// purposes (same request, same answer); managing models, files or jobs reads or writes by its verb.
import type { CallSpec, LibraryEntry } from "../catalog.js";
import { openaiRoles } from "./openai.js";

const READ: CallSpec = { op: "read" };
const WRITE: CallSpec = { op: "write" };
const VERB: CallSpec = { op: "verb" };
/** A call that only builds something locally (a model handle, a chat session). */
const builds = (role: string): CallSpec => ({ op: "unknown", returns: role, sends: false });
const reads = (...names: string[]): Record<string, CallSpec> => Object.fromEntries(names.map((n) => [n, READ]));

/** groq-sdk: an OpenAI-compatible client (groq.chat.completions.create, groq.embeddings.create). */
export const groqLibrary: LibraryEntry = {
  name: "groq-sdk",
  kind: "api-call",
  modules: ["groq-sdk"],
  exports: { default: "class", Groq: "class" },
  roles: openaiRoles,
};

/** cohere-ai: `new CohereClient()` / `new CohereClientV2()`; cohere.chat(…), cohere.datasets.list(). */
export const cohereLibrary: LibraryEntry = {
  name: "cohere-ai",
  kind: "api-call",
  modules: ["cohere-ai"],
  exports: { CohereClient: "class", CohereClientV2: "class" },
  roles: {
    class: { construct: "client", instance: "client" },
    client: {
      methods: reads("chat", "chatStream", "embed", "generate", "generateStream", "rerank", "classify", "summarize", "tokenize", "detokenize"),
      anyProp: "resource",
      anyMethod: VERB,
    },
    resource: { anyProp: "resource", anyMethod: VERB },
  },
};

/**
 * @google/generative-ai: `new GoogleGenerativeAI(key).getGenerativeModel({ model })` is a local handle; its
 * generateContent / embedContent / countTokens and a chat session's sendMessage are the requests.
 * The /server module's file and cache managers read or write by verb (uploadFile, listFiles, delete…).
 */
export const googleGenerativeAiLibrary: LibraryEntry = {
  name: "@google/generative-ai",
  kind: "api-call",
  modules: ["@google/generative-ai", "@google/generative-ai/server"],
  exports: {
    GoogleGenerativeAI: "class",
    GenerativeModel: "modelClass",
    ChatSession: "chatClass",
    GoogleAIFileManager: "managerClass",
    GoogleAICacheManager: "managerClass",
  },
  roles: {
    class: { construct: "client", instance: "client" },
    client: { methods: { getGenerativeModel: builds("model"), getGenerativeModelFromCachedContent: builds("model") } },
    modelClass: { construct: "model", instance: "model" },
    model: {
      methods: { ...reads("generateContent", "generateContentStream", "embedContent", "batchEmbedContents", "countTokens"), startChat: builds("chat") },
    },
    chatClass: { construct: "chat", instance: "chat" },
    // getHistory() is local
    chat: { methods: reads("sendMessage", "sendMessageStream") },
    managerClass: { construct: "manager", instance: "manager" },
    manager: { anyMethod: VERB },
  },
};

/** @google/genai: `new GoogleGenAI({…})`; ai.models.generateContent(…), ai.chats.create(…).sendMessage(…), ai.files.upload(…). */
export const googleGenAiLibrary: LibraryEntry = {
  name: "@google/genai",
  kind: "api-call",
  modules: ["@google/genai"],
  exports: { GoogleGenAI: "class" },
  roles: {
    class: { construct: "client", instance: "client" },
    client: { props: { models: "models", chats: "chats" }, anyProp: "resource" },
    models: {
      methods: reads("generateContent", "generateContentStream", "embedContent", "countTokens", "computeTokens", "generateImages", "generateVideos"),
      anyMethod: VERB,
    },
    // chats.create makes a local session; its messages are the requests (getHistory is local)
    chats: { methods: { create: builds("chat") } },
    chat: { methods: reads("sendMessage", "sendMessageStream") },
    resource: { anyProp: "resource", anyMethod: VERB },
  },
};

/** ollama: the default export is a client (`ollama.chat(…)`), `new Ollama({ host })` another; abort() is local. */
export const ollamaLibrary: LibraryEntry = {
  name: "ollama",
  kind: "api-call",
  modules: ["ollama", "ollama/browser"],
  exports: { default: "client", Ollama: "class" },
  roles: {
    class: { construct: "client", instance: "client" },
    client: {
      methods: {
        ...reads("chat", "generate", "embed", "embeddings", "list", "show", "ps"),
        pull: WRITE,
        push: WRITE,
        create: WRITE,
        delete: WRITE,
        copy: WRITE,
      },
    },
  },
};

/**
 * @mistralai/mistralai: `new Mistral()`; client.chat.complete / stream, fim, agents, embeddings.create,
 * classifiers, ocr.process; files, models, batch and fine-tuning by verb. The 0.x client (default export
 * `MistralClient`) had chat / chatStream / embeddings as methods of the client.
 */
export const mistralLibrary: LibraryEntry = {
  name: "@mistralai/mistralai",
  kind: "api-call",
  modules: ["@mistralai/mistralai"],
  exports: { Mistral: "class", default: "legacyClass" },
  roles: {
    class: { construct: "client", instance: "client" },
    client: {
      props: { chat: "completions", fim: "completions", agents: "completions", embeddings: "completions", classifiers: "completions", ocr: "completions" },
      anyProp: "resource",
    },
    completions: { methods: reads("complete", "stream", "create", "process"), anyMethod: VERB },
    resource: { anyProp: "resource", anyMethod: VERB },
    legacyClass: { construct: "legacyClient", instance: "legacyClient" },
    legacyClient: { methods: reads("chat", "chatStream", "embeddings", "completion", "completionStream"), anyMethod: VERB },
  },
};
