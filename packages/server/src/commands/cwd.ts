import { defineCommand } from '../command-spec.js';
import { changeDirectory } from './shared/change-directory.js';

// RFC 959 §4.1.1
export const CWD = defineCommand({
  name: 'CWD',
  aliases: ['XCWD'],
  auth: true,
  arg: 'required',
  help: 'CWD <sp> pathname (change the working directory)',
  // RFC 3659 §6: paths are Unix-style with `/` separators.
  feature: () => 'TVFS',
  async handler(context, arg) {
    await changeDirectory(context, context.resolvePath(arg));
  },
});
