// What the benchmark scripts share: `--name value` options and how they print sizes and times.
export const args = process.argv.slice(2);

/** The value after `--name` on the command line, or `fallback`. */
export function option(name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
}

export const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
