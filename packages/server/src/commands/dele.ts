import { defineCommand } from '../command-spec.js';

// RFC 959 §4.1.3
export const DELE = defineCommand({
  name: 'DELE',
  auth: true,
  arg: 'required',
  perm: 'delete',
  help: 'DELE <sp> pathname (delete a file)',
  async handler(context, arg) {
    await context.storage.delete(context.resolvePath(arg));
    context.reply(250, 'File removed.');
  },
});
