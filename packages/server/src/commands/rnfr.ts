import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';

// RFC 959 §4.1.3: RNFR names the source; 350 asks for RNTO next.
export const RNFR = defineCommand({
  name: 'RNFR',
  auth: true,
  arg: 'required',
  perm: 'rename',
  help: 'RNFR <sp> pathname (rename from)',
  async handler(context, arg) {
    const path = context.resolvePath(arg);
    if (path === '/') throw new FtpError(550, 'Cannot rename the root directory.');
    await context.storage.stat(path);
    context.state.renameFrom = path;
    context.reply(350, 'Ready for destination name.');
  },
});
