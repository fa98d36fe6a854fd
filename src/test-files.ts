// Test files and mocks, by the names that say so. A name (`users.test.ts`, `__tests__/`) says so wherever the
// file lives; a test folder (`test/`, `e2e/`) only inside the project, that is in a path relative to its root:
// a checkout under ~/tests/ is no test, but its own test/ folder (mocha's default) is.
const NAME_FOLDERS = ["__tests__", "__mocks__"];
const NAME_SUFFIXES = ["test", "spec", "e2e", "e2e-spec", "e2e-test", "integration-test", "integration-spec", "int-spec"];
// not `e2e-tests/`: dub has an `api/cron/cleanup/e2e-tests/` route that cleans up after its tests
const PROJECT_FOLDERS = ["test", "tests", "e2e", "cypress", "integration-tests", "playwright"];
const TEST_NAME = new RegExp(`[\\\\/](${NAME_FOLDERS.join("|")})[\\\\/]|\\.(${NAME_SUFFIXES.join("|")})\\.[cm]?[jt]sx?$`);
const TEST_FOLDER = new RegExp(`(^|[\\\\/])(${PROJECT_FOLDERS.join("|")})[\\\\/]`);

/** The names that make a test file, as a reader would write them: `*.test.*, …, __tests__/, test/, …`. */
export const TEST_FILE_NAMES = "*.test.*, *.spec.*, *.e2e.*, *.e2e-spec.*, *.integration-test.*, __tests__/, __mocks__/, test/, tests/, e2e/, cypress/, playwright/, integration-tests/";

/** `src/users.test.ts`, `__tests__/a.ts`, `test/app.js`, `/repo/src/__mocks__/db.js`: relative to the root or absolute. */
export function isTestFile(path: string): boolean {
  if (path.startsWith("/")) return TEST_NAME.test(path);
  return TEST_NAME.test(`/${path}`) || TEST_FOLDER.test(path);
}

