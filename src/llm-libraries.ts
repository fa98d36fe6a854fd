// Client libraries whose calls are LLM completions: the same request gives the same answer, so for caching
// and for the estimate they are reads even when the detector could not tell the operation.
const LLM_LIBRARIES = new Set([
  "openai",
  "@anthropic-ai/sdk",
  "anthropic",
  "@google/generative-ai",
  "@google/genai",
  "@mistralai/mistralai",
  "cohere-ai",
  "groq-sdk",
  "ai",
  "langchain",
  "@langchain/openai",
  "@langchain/anthropic",
  "ollama",
  "replicate",
]);

export function isLlmLibrary(library: string | undefined): boolean {
  return library !== undefined && LLM_LIBRARIES.has(library);
}
