import fs from "node:fs";
import { ConfigError } from "./env";
import { errorCode } from "./error-code";

/**
 * Creates DATA_DIR when it is missing and checks that the server can write there (bootstrap token,
 * encryption key, PGlite, simulator state), so a bad value stops start-up with a message naming
 * the variable instead of failing later in whichever module writes first.
 */
export function prepareDataDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new ConfigError(`DATA_DIR: cannot create ${dir} (${errorCode(error)})`);
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    throw new ConfigError(`DATA_DIR: cannot write to ${dir} (${errorCode(error)})`);
  }
}
