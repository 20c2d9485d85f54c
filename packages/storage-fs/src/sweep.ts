/**
 * Upload temporaries (`.bucketftp-upload-<uuid>`) left anywhere below the root by a process that
 * died mid-upload: hidden from listings and refused by name, so no user can ever remove them.
 * Only those older than the given age are removed; a younger one may be an upload in progress.
 */
import { lstat, opendir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { throwIfAborted } from '@bucketftp/storage';
import { isUploadTemp } from './root-jail.js';

export async function sweepUploadTemps(root: string, olderThanMs: number, signal?: AbortSignal): Promise<number> {
  const cutoff = Date.now() - olderThanMs;
  let removed = 0;
  const pending = [root];
  for (let directory = pending.pop(); directory !== undefined; directory = pending.pop()) {
    throwIfAborted(signal);
    let entries;
    try {
      entries = await opendir(directory);
    } catch {
      continue; // removed or renamed meanwhile
    }
    for await (const entry of entries) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile() && isUploadTemp(entry.name) && (await olderThan(path, cutoff))) {
        await rm(path, { force: true });
        removed += 1;
      }
    }
  }
  return removed;
}

async function olderThan(path: string, cutoff: number): Promise<boolean> {
  try {
    return (await lstat(path)).mtimeMs < cutoff;
  } catch {
    return false; // committed or discarded meanwhile
  }
}
