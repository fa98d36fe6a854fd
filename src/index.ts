// Programmatic API of optimigrate (the CLI's core, usable from scripts).
export * from "./findings.js";
export { TOOL } from "./version.js";
