import { formatMdtm } from '@bucketftp/protocol';
import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';

// RFC 3659 §3: modification time as YYYYMMDDHHMMSS in UTC.
export const MDTM = defineCommand({
  name: 'MDTM',
  auth: true,
  arg: 'required',
  perm: 'list',
  help: 'MDTM <sp> pathname (modification time)',
  feature: () => 'MDTM',
  async handler(context, arg) {
    const entry = await context.storage.stat(context.resolvePath(arg));
    if (entry.type !== 'file' || !entry.mtime) throw new FtpError(550, 'Modification time not available.');
    context.reply(213, formatMdtm(entry.mtime));
  },
});
