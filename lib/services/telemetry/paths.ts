import fs from "node:fs/promises";
import path from "node:path";
import { getConfig } from "@/lib/config/env";

/**
 * Where Telescope bundles live: DATA_DIR/telescope/<export id>.zip, uploads in
 * DATA_DIR/telescope/imports/<uuid>.zip, their browsable files in DATA_DIR/telescope/imports/<job id>/.
 * Work happens in a per-job temp dir (DATA_DIR/telescope/tmp/<job id>) that is renamed into place
 * or removed, so a reader never sees half a file.
 */

export const telescopeDir = () => path.join(getConfig().dataDir, "telescope");
export const exportZipPath = (id: string) => path.join(telescopeDir(), `${id}.zip`);
export const importsDir = () => path.join(telescopeDir(), "imports");
export const importedDir = (jobId: string) => path.join(importsDir(), jobId);

export async function withTempDir<T>(jobId: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = path.join(telescopeDir(), "tmp", jobId);
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  try {
    return await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
