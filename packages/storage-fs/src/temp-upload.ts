/**
 * An upload staged in a temporary file beside its target, renamed into place only once it is
 * complete, so a failed upload never truncates or replaces the file it was meant for and no reader
 * ever sees a partial file. The rename does not wait for the disk (as vsftpd, proftpd and pyftpdlib
 * do not); a durable commit also fsyncs the file before the rename and its folder after it.
 */
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, copyFile, open, rename, rm, truncate, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UPLOAD_TEMP_PREFIX } from './root-jail.js';
import { WriteBehind } from './write-behind.js';

export interface UploadBase {
  /** The existing file whose bytes the upload keeps (append, resume). */
  readonly from: string;
  /** Keep only bytes [0, keepBytes) of it (resume); the whole file when absent (append). */
  readonly keepBytes?: number;
}

export class TempUpload {
  private readonly writer: WriteBehind;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    /** The file started as a copy of an existing one (append, resume). */
    private readonly hasBase: boolean,
  ) {
    this.writer = new WriteBehind(handle);
  }

  /**
   * A temporary file in `directory`, holding a copy of `base` (a reflink where supported), with
   * permission bits `mode` (those of the file it will replace).
   */
  static async open(directory: string, base?: UploadBase, mode?: number): Promise<TempUpload> {
    const path = join(directory, UPLOAD_TEMP_PREFIX + randomUUID());
    try {
      if (base) {
        await copyFile(base.from, path, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
        // The copy has the original's mode, which may not allow writing; `mode` is applied below.
        await chmod(path, 0o600);
        if (base.keepBytes !== undefined) await truncate(path, base.keepBytes);
      }
      const handle = await open(path, base ? 'a' : 'wx');
      if (mode !== undefined) await handle.chmod(mode);
      return new TempUpload(path, handle, base !== undefined);
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
  }

  /**
   * Appends all of `chunk`, written behind (write-behind.ts): resolves when more may come
   * (backpressure); a failed write rejects a later append or the commit.
   */
  append(chunk: Uint8Array): Promise<void> {
    return this.writer.accept(chunk);
  }

  /**
   * Puts every byte in the file and closes it; returns its size. When `durable`, the file is
   * fsync'd, so its bytes survive a crash or power loss once `publish` has renamed it.
   */
  async finish(durable: boolean): Promise<number> {
    await this.writer.flush();
    if (durable) await this.handle.sync();
    // Without a base, the file holds exactly the bytes appended: no stat needed.
    const size = this.hasBase ? (await this.handle.stat()).size : this.writer.bytesAccepted;
    await this.handle.close();
    return size;
  }

  /**
   * Moves the finished file to `target`, replacing any file there. When `durable`, its folder is
   * fsync'd after the rename; otherwise the kernel writes it back in its own time.
   */
  async publish(target: string, durable: boolean): Promise<void> {
    await rename(this.path, target);
    if (durable) await syncDirectory(dirname(target));
  }

  /** Removes the temporary file; never throws. */
  async discard(): Promise<void> {
    await this.writer.flush().catch(() => undefined);
    await this.handle.close().catch(() => undefined);
    await rm(this.path, { force: true }).catch(() => undefined);
  }
}

/** Makes a rename durable. Best effort: some file systems refuse to fsync a directory. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The rename itself succeeded; durability across a crash is all that is left to chance.
  }
}
