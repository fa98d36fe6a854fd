// A comment on a loop that says it runs one item at a time on purpose ("Sequential on purpose: … hammering the API in
// parallel just risks secondary rate limits", "serial to avoid overloading"): the author knows something the
// analysis cannot see (a rate limit, a shared transaction, a server that falls over), and batching would undo it.
import { ts } from "ts-morph";

// words that speak of running one at a time, or of what running at once would cause
const SEQUENCE = /\b(sequential(ly)?|serial(ly)?|in (sequence|series|order)|one (at a time|after (the )?other|after another|by one)|(in )?parallel\w*|concurrent(ly)?|concurrency|rate[- ]?limit\w*|throttl\w*|overload\w*|hammer\w*)\b/i;
// words that make it a choice rather than a description
const INTENT = /\b(on purpose|intentional(ly)?|deliberate(ly)?|to avoid|avoid(s|ing)?|so as not|must|needs? to|has to|have to|do not|don'?t|never|should not|shouldn'?t|cannot|can'?t)\b/i;
// a rate limit, an overloaded server or "one at a time" needs no other word ("Throttle: one notification per 6 hours"
// describes what the body does, not how the loop runs)
const PRESSURE = /\b(rate[- ]?limit\w*|overload\w*|hammer\w*|one at a time)\b/i;
const COMMENT = /\/\/[^\n]*|\/\*[\s\S]*?\*\//g;

/** The first comment before the loop (or at the top of its body) that says it is sequential on purpose, trimmed. */
export function sequentialIntent(statement: ts.Node, body: ts.Node | undefined): string | undefined {
  const text = statement.getSourceFile().text;
  const places = [text.slice(statement.getFullStart(), statement.getStart())];
  if (body && ts.isBlock(body)) places.push(text.slice(body.getStart() + 1, body.statements[0]?.getStart() ?? body.getEnd() - 1));
  for (const place of places) {
    for (const comment of place.match(COMMENT) ?? []) {
      const words = comment.replace(/^\/\/|^\/\*+|\*+\/$/g, "").replace(/\s*\n\s*\*?\s*/g, " ").trim();
      if (SEQUENCE.test(words) && (INTENT.test(words) || PRESSURE.test(words))) return words.length > 80 ? `${words.slice(0, 79)}…` : words;
    }
  }
  return undefined;
}
