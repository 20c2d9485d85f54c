import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';

// RFC 3659 §5: REST <offset> in STREAM mode; the next RETR/STOR starts at that byte.
export const REST = defineCommand({
  name: 'REST',
  auth: true,
  arg: 'required',
  help: 'REST <sp> offset (restart the next transfer at a byte offset)',
  feature: () => 'REST STREAM',
  handler(context, arg) {
    if (!/^\d{1,15}$/.test(arg.trim())) throw new FtpError(501, 'REST needs a non-negative byte offset.');
    context.state.restOffset = Number(arg.trim());
    context.reply(350, `Restarting at ${context.state.restOffset}. Send STORE or RETRIEVE to initiate transfer.`);
  },
});
