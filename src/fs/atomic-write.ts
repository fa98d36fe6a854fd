// Writes a file so that readers see the old content or the new one, never half of it: temp file + rename.
import { chmod, open, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";

export async function writeFileAtomic(file: string, data: string | Uint8Array, options: { mode?: number } = {}): Promise<void> {
  const temp = join(dirname(file), `.optimigrate-tmp-${basename(file)}-${randomBytes(6).toString("hex")}`);
  let mode = options.mode;
  if (mode === undefined) {
    try {
      mode = (await stat(file)).mode & 0o7777;
    } catch {
      mode = undefined;
    }
  }
  const handle = await open(temp, "wx", mode ?? 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => {});
    throw error;
  }
  await handle.close();
  try {
    if (mode !== undefined) await chmod(temp, mode);
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
}
