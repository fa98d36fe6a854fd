// Marks dist/cjs as CommonJS: the package itself is "type": "module", so without this nested package.json
// Node would read the CommonJS build of the runtime (tsconfig.runtime-cjs.json) as ES modules.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = join(import.meta.dirname, "../dist/cjs");
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "commonjs" }, null, 2) + "\n");
