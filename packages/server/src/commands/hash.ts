import { hashStream } from '@bucketftp/storage';
import { HASH_ALGORITHMS } from '@bucketftp/storage';
import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';

// draft-bryan-ftpext-hash §3: `213 <algorithm> <start>-<end> <hash> <pathname>`; the driver's stored
// checksum is used when it has one, otherwise the file is streamed through the hash.
export const HASH = defineCommand({
  name: 'HASH',
  auth: true,
  arg: 'required',
  perm: 'read',
  help: 'HASH <sp> pathname (checksum of a file; OPTS HASH selects the algorithm)',
  feature: ({ hashAlgorithm }) =>
    `HASH ${HASH_ALGORITHMS.map((algorithm) => (algorithm === hashAlgorithm ? `${algorithm}*` : algorithm)).join(';')}`,
  async handler(context, arg) {
    const path = context.resolvePath(arg);
    const entry = await context.storage.stat(path);
    if (entry.type !== 'file') throw new FtpError(550, 'Not a regular file.');
    const algorithm = context.state.hashAlgorithm;
    const stored = await context.storage.storedHash?.(path, algorithm);
    const digest = stored ?? (await hashStream(await context.storage.read(path), algorithm));
    context.reply(213, `${algorithm} 0-${entry.size} ${digest} ${path}`);
  },
});
