// LangChain's chat models and embeddings (@langchain/openai, @langchain/anthropic, …): `new ChatOpenAI()` is a
// local handle; invoke / batch / stream / embedQuery send the request, reads for caching purposes.
import type { CallSpec, LibraryEntry } from "../catalog.js";

const READ: CallSpec = { op: "read" };
const builds: CallSpec = { op: "unknown", returns: "model", sends: false };

export const langchainLibrary: LibraryEntry = {
  name: "langchain",
  kind: "api-call",
  modules: [/^@langchain\/(openai|anthropic|google-genai|google-vertexai|mistralai|groq|ollama|cohere|aws|community\/chat_models\/.+|community\/embeddings\/.+)$/],
  exports: {},
  exportPattern: [{ pattern: /^(Chat[A-Z]\w*|[A-Z]\w*Embeddings|OpenAI|AzureOpenAI|Ollama)$/, role: "class" }],
  roles: {
    class: { construct: "model", instance: "model" },
    model: {
      methods: {
        invoke: READ,
        batch: READ,
        stream: READ,
        call: READ,
        predict: READ,
        generate: READ,
        embedQuery: READ,
        embedDocuments: READ,
        withStructuredOutput: builds,
        bind: builds,
        bindTools: builds,
        withConfig: builds,
        withRetry: builds,
      },
    },
  },
};
