/**
 * Finds a program the tests need: an explicit path from an environment variable, the folder the
 * prerequisites script installs into, then PATH. Missing is an error that says how to install it.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where scripts/install-test-deps.sh puts the programs it builds (`BUCKETFTP_TOOLS_DIR` to move it). */
export function toolsDirectory(): string {
  return process.env.BUCKETFTP_TOOLS_DIR ?? '/opt/bucketftp/bin';
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function requireProgram(name: string, override: string | undefined): string {
  if (override) {
    if (executable(override)) return override;
    throw new Error(`${name}: ${override} (from the environment) is not an executable file`);
  }
  const folders = [toolsDirectory(), ...(process.env.PATH ?? '').split(delimiter)];
  for (const folder of folders) {
    if (folder !== '' && executable(join(folder, name))) return join(folder, name);
  }
  const where = `${name} is not installed (looked in ${toolsDirectory()} and on PATH)`;
  if (process.env.CI === 'true') throw new Error(`${where}; CI must install it before the tests run (scripts/install-test-deps.sh)`);
  throw new Error(`${where}. Install it with: sudo scripts/install-test-deps.sh`);
}
