// Test files and mocks, by the names that say so. A name (`users.test.ts`, `__tests__/`) says so wherever the
// file lives; a test folder (`test/`, `e2e/`) only inside the project, that is in a path relative to its root:
// a checkout under ~/tests/ is no test, but its own test/ folder (mocha's default) is.
const TEST_NAME = /[\\/](__tests__|__mocks__)[\\/]|\.(test|spec|e2e)\.[cm]?[jt]sx?$/;
const TEST_FOLDER = /(^|[\\/])(tests?|e2e|cypress)[\\/]/;

/** `src/users.test.ts`, `__tests__/a.ts`, `test/app.js`, `/repo/src/__mocks__/db.js`: relative to the root or absolute. */
export function isTestFile(path: string): boolean {
  if (path.startsWith("/")) return TEST_NAME.test(path);
  return TEST_NAME.test(`/${path}`) || TEST_FOLDER.test(path);
}

