import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';
import { checkRename } from '../policy/upload-checks.js';

// RFC 959 §4.1.3: RNTO must immediately follow RNFR (503 otherwise, checked by the dispatcher).
// The new name passes the drop-box rules first: 553 for a refused name, 550 onto a file that stays.
export const RNTO = defineCommand({
  name: 'RNTO',
  auth: true,
  arg: 'required',
  perm: 'rename',
  requires: 'rename-from',
  help: 'RNTO <sp> pathname (rename to)',
  async handler(context, arg) {
    const from = context.state.renameFrom!;
    const to = context.resolvePath(arg);
    if (to === '/') throw new FtpError(553, 'Cannot rename onto the root directory.');
    await checkRename(context, from, to);
    await context.storage.rename(from, to);
    context.reply(250, 'Rename successful.');
  },
});
