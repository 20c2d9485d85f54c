import { randomBytes } from 'node:crypto';
import { baseName, isStorageError } from '@bucketftp/storage';
import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';
import { startUpload } from './shared/upload.js';

// RFC 959 §4.1.3 / RFC 1123 §4.1.2.9: store under a unique name, announced as "150 FILE: name".
export const STOU = defineCommand({
  name: 'STOU',
  auth: true,
  arg: 'optional',
  perm: 'write',
  help: 'STOU [<sp> name-prefix] (store under a unique name)',
  async handler(context, arg) {
    context.state.takeRestOffset();
    const prefix = arg.trim() === '' ? 'file' : arg.trim();
    for (let attempt = 0; attempt < 10; attempt++) {
      const path = context.resolvePath(`${prefix}.${randomBytes(4).toString('hex')}`);
      if (await exists(context.storage.stat(path))) continue;
      await startUpload(context, 'STOU', path, { kind: 'create' }, `FILE: ${baseName(path)}`);
      return;
    }
    throw new FtpError(450, 'Could not find a unique file name; try again.');
  },
});

async function exists(stat: Promise<unknown>): Promise<boolean> {
  try {
    await stat;
    return true;
  } catch (error) {
    if (isStorageError(error, 'not-found')) return false;
    throw error;
  }
}
