import { defineCommand } from '../command-spec.js';

// RFC 959 §4.1.1: USER starts a login; PASS must follow.
export const USER = defineCommand({
  name: 'USER',
  auth: false,
  arg: 'required',
  help: 'USER <sp> username (start a login)',
  handler(context, arg) {
    if (context.state.account) {
      context.reply(503, 'Already logged in; use REIN to change user.');
      return;
    }
    context.state.pendingUser = arg;
    context.reply(331, `Password required for ${arg}.`);
  },
});
