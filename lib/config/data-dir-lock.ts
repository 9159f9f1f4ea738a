import fs from "node:fs";
import path from "node:path";
import { ConfigError } from "./env";
import { errorCode } from "./error-code";

/**
 * One owner per DATA_DIR: the embedded database (PGlite), the simulator's state and the key files
 * there must never be opened by two processes. Start-up creates DATA_DIR/.lock exclusively
 * (O_EXCL) with its pid; a second process finds the file, sees that pid alive and stops with one
 * line naming it. A lock whose process is gone (kill -9, a crash, a container restart that reused
 * the pid for this very process) is stale: it is moved aside atomically and taken again. The lock
 * is removed when the process exits.
 */

const LOCK_FILE = ".lock";

export function lockDataDir(dir: string): void {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: "wx", mode: 0o600 });
      process.once("exit", () => releaseDataDir(file));
      return;
    } catch (error) {
      if (errorCode(error) !== "EEXIST") throw new ConfigError(`DATA_DIR: cannot lock ${dir} (${errorCode(error)})`);
    }
    const owner = lockOwner(file);
    if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
      throw new ConfigError(`DATA_DIR: ${dir} is in use by another Deployment Manager process (pid ${owner}); stop it or use another DATA_DIR`);
    }
    // Stale: rename first, so two processes recovering at once cannot both remove a fresh lock.
    const aside = `${file}.stale.${process.pid}`;
    try {
      fs.renameSync(file, aside);
      fs.rmSync(aside, { force: true });
      if (owner !== undefined) console.log(`[deployment-manager] DATA_DIR: recovered the lock of process ${owner}, which is gone`);
    } catch {
      // another process recovered it first: try again
    }
  }
  throw new ConfigError(`DATA_DIR: cannot lock ${dir} (the lock keeps changing owner)`);
}

function lockOwner(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, "utf8").trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === "EPERM";
  }
}

function releaseDataDir(file: string): void {
  if (lockOwner(file) === process.pid) fs.rmSync(file, { force: true });
}
