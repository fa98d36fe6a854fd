// Inline suppressions: `// optimigrate-ignore` on a line, or `// optimigrate-ignore-next-line` above it.
import { ts } from "ts-morph";

const MARKER = "optimigrate-ignore";

export function ignoredLines(sourceFile: ts.SourceFile): Set<number> {
  const lines = new Set<number>();
  const text = sourceFile.text;
  let index = text.indexOf(MARKER);
  while (index !== -1) {
    const line = sourceFile.getLineAndCharacterOfPosition(index).line + 1;
    const nextLine = text.startsWith("-next-line", index + MARKER.length);
    lines.add(nextLine ? line + 1 : line);
    index = text.indexOf(MARKER, index + MARKER.length);
  }
  return lines;
}
