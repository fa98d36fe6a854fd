/**
 * A copy of `s` that does not keep the text it was cut from alive. V8 makes a slice of a long string (a regex match,
 * `substring`) point into its parent: a module specifier kept for the whole run kept its whole file's text with it.
 */
export function ownString(s: string): string {
  return (" " + s).slice(1);
}
