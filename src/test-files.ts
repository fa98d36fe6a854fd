// Test files and mocks, by the names that say so wherever the repo lives (a path is tested from its own folders
// down: a checkout under ~/tests/ is no test).
const TEST_FILE = /[\\/](__tests__|__mocks__)[\\/]|\.(test|spec|e2e)\.[cm]?[jt]sx?$/;

/** `src/users.test.ts`, `__tests__/a.ts`, `/repo/src/__mocks__/db.js`: relative to the root or absolute. */
export function isTestFile(path: string): boolean {
  return TEST_FILE.test(path.startsWith("/") ? path : `/${path}`);
}
