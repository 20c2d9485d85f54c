import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';

// RFC 3659 §4. The size is the stored size (what TYPE I transfers); documented for TYPE A.
export const SIZE = defineCommand({
  name: 'SIZE',
  auth: true,
  arg: 'required',
  perm: 'list',
  help: 'SIZE <sp> pathname (file size in bytes)',
  feature: () => 'SIZE',
  async handler(context, arg) {
    const entry = await context.storage.stat(context.resolvePath(arg));
    if (entry.type !== 'file') throw new FtpError(550, 'Not a regular file.');
    context.reply(213, String(entry.size));
  },
});
