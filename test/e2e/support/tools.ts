/**
 * Client programs the end-to-end tests drive. A missing program fails the test (it is never
 * skipped): the run must prove interoperability, not quietly shrink.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

const INSTALL_HINTS: Record<string, string> = {
  curl: 'apt-get install curl',
  lftp: 'apt-get install lftp',
  tnftp: 'apt-get install tnftp',
  ftp: 'apt-get install tnftp',
  '/usr/bin/python3': 'apt-get install python3',
};

/** The absolute path of `name` (a program on PATH or an absolute path); throws when it is missing. */
export function requireTool(name: string): string {
  const found = isAbsolute(name) ? executable(name) : findOnPath(name);
  if (found) return found;
  const hint = INSTALL_HINTS[name] ?? 'install it';
  throw new Error(`required client program "${name}" was not found (${hint}); the end-to-end tests never skip a client`);
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = executable(join(dir, name));
    if (candidate) return candidate;
  }
  return undefined;
}

function executable(path: string): string | undefined {
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}
