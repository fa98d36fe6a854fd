// Parses one file into a TypeScript syntax tree, without a Program: no types, no module resolution.
import { ts } from "ts-morph";

export interface ParsedSource {
  sourceFile: ts.SourceFile;
  /** Syntax errors, "line:col message"; a file with any is reported and left alone. */
  syntaxErrors: string[];
}

export function scriptKindFor(fileName: string): ts.ScriptKind {
  if (/\.tsx$/i.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/i.test(fileName)) return ts.ScriptKind.TS;
  if (/\.jsx$/i.test(fileName)) return ts.ScriptKind.JSX;
  // Plain .js files often hold JSX (React); the JSX grammar is a superset for our purposes.
  return ts.ScriptKind.JSX;
}

// No analysis reads JSDoc, and skipping it is the cheapest part of a parse to drop: JSDoc-heavy files
// parse up to a third faster (tsserver skips it the same way for files it does not type-check).
const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

export function parseSource(fileName: string, text: string, setParentNodes = false): ParsedSource {
  const sourceFile = ts.createSourceFile(fileName, text, PARSE_OPTIONS, setParentNodes, scriptKindFor(fileName));
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const syntaxErrors = diagnostics.map((d) => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(d.start);
    return `${line + 1}:${character + 1} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
  });
  return { sourceFile, syntaxErrors };
}
