import { quotePath } from '@bucketftp/protocol';
import { defineCommand } from '../command-spec.js';

// RFC 959 §4.1.3 and Appendix II: 257 with the quoted path (embedded quotes doubled).
export const PWD = defineCommand({
  name: 'PWD',
  aliases: ['XPWD'],
  auth: true,
  arg: 'none',
  help: 'PWD (print the working directory)',
  handler(context) {
    context.reply(257, `${quotePath(context.state.cwd)} is the current directory.`);
  },
});
