import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';

// RFC 959 §3.4: only Stream mode.
export const MODE = defineCommand({
  name: 'MODE',
  auth: true,
  arg: 'required',
  help: 'MODE <sp> S (transfer mode; only Stream)',
  handler(context, arg) {
    if (arg.trim().toUpperCase() !== 'S') throw new FtpError(504, 'Only MODE S (Stream) is implemented.');
    context.reply(200, 'Mode set to S.');
  },
});
