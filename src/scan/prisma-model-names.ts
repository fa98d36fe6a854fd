// A Prisma relation field's model by the field's name, for when no schema says which it is: `members` is `Member`,
// or a model whose name ends in it (`TeamMember`); `categories` is `Category`. Models are lower-case, as
// src/analysis/data-tables.ts keys them, so `teammember` ends in `member` whatever the words were.

/** Of `models` (lower-case), those the relation field's name names. */
export function modelsNamedBy(field: string, models: readonly string[]): string[] {
  const names = singulars(field.toLowerCase());
  return models.filter((model) => names.some((name) => model === name || (name.length >= 3 && model.endsWith(name))));
}

/**
 * The word and what its singular may be: `members` → `member`, `categories` → `category`, `addresses` → `address`;
 * both `responses` → `response` and `statuses` → `status` (an `-es` is not always the plural's).
 */
export function singulars(word: string): string[] {
  const forms = new Set([word]);
  if (/[^aeiou]ies$/.test(word)) forms.add(word.slice(0, -3) + "y");
  if (/(s|x|z|ch|sh)es$/.test(word)) forms.add(word.slice(0, -2));
  if (/[^s]s$/.test(word)) forms.add(word.slice(0, -1));
  return [...forms];
}
