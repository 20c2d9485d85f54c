import { defineCommand } from '../command-spec.js';

// RFC 959 §4.1.3: a running transfer ends with 426, then ABOR itself is answered 226;
// with no transfer, 225 (and any prepared data connection is closed).
export const ABOR = defineCommand({
  name: 'ABOR',
  auth: true,
  arg: 'none',
  duringTransfer: true,
  help: 'ABOR (abort the running transfer)',
  async handler(context) {
    if (await context.transfers.abort()) {
      context.reply(226, 'ABOR command successful.');
      return;
    }
    context.data.reset();
    context.reply(225, 'No transfer to abort.');
  },
});
