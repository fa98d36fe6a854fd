/**
 * Code shown on one line: whitespace collapsed, and a chain broken over lines joined back
 * (`supabase\n  .from("users")\n  .select()` reads `supabase.from("users").select()`).
 */
export function oneLine(code: string): string {
  return code.replace(/\s*\n\s*(?=\??\.[A-Za-z_$#])/g, "").replace(/\s+/g, " ").trim();
}
