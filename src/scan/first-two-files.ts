// Per key (a table, a function name), the sites of the first two files of the run that have one: whichever file asks,
// one of them is another file. The app's own code comes before its tests (a test's seeding shows that a table
// changes, the app's write shows where), then lower ranks before higher ones, then the run's order.
export interface KeyedSite<T> {
  key: string;
  site: T;
  test: boolean;
  rank?: number;
}

export function firstTwoFiles<T extends { file: string }>(entries: readonly KeyedSite<T>[]): Map<string, T[]> {
  const ordered = [...entries].sort((a, b) => Number(a.test) - Number(b.test) || (a.rank ?? 0) - (b.rank ?? 0));
  const sites = new Map<string, T[]>();
  for (const { key, site } of ordered) {
    const known = sites.get(key);
    if (!known) sites.set(key, [site]);
    else if (known.length === 1 && known[0]!.file !== site.file) known.push(site);
  }
  return sites;
}
