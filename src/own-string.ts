// V8 makes a substring of 13 or more characters (an identifier's text, a regex match, `getText()`) a view into the
// whole string it was cut from: a short string kept for a run (a finding's function name, an import specifier) kept
// its whole file's text alive, and memory grew with the repo.
const SLICE_MIN = 13;

/** A copy of `s` that does not keep the text it was cut from alive (a concatenation, flattened by the slice). */
export function ownString(s: string): string {
  return s.length < SLICE_MIN ? s : (" " + s).slice(1);
}
