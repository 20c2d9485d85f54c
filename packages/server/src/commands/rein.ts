import { defineCommand } from '../command-spec.js';

// RFC 959 §4.1.1: REIN waits for a running transfer, then resets the session as if just connected.
export const REIN = defineCommand({
  name: 'REIN',
  auth: false,
  arg: 'none',
  help: 'REIN (log out, keep the connection)',
  async handler(context) {
    await context.transfers.idle();
    context.data.reset();
    context.logout();
    context.reply(220, 'Service ready for new user.');
  },
});
