import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';

// RFC 959 §3.1.1 / §4.1.2: A (with the default N format) and I (and L 8, the same as I) are served.
export const TYPE = defineCommand({
  name: 'TYPE',
  auth: true,
  arg: 'required',
  help: 'TYPE <sp> A [N] | I | L 8 (representation type)',
  handler(context, arg) {
    const value = arg.trim().toUpperCase().replace(/\s+/g, ' ');
    if (value === 'A' || value === 'A N') {
      context.state.type = 'ascii';
      context.reply(200, 'Type set to A.');
      return;
    }
    if (value === 'I' || value === 'L 8') {
      context.state.type = 'binary';
      context.reply(200, 'Type set to I.');
      return;
    }
    throw new FtpError(504, `Type "${value}" not implemented.`);
  },
});
