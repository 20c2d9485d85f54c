import { defineCommand } from '../command-spec.js';

// RFC 959 §4.1.1: PASS completes the login begun by USER. The password is never logged.
export const PASS = defineCommand({
  name: 'PASS',
  auth: false,
  arg: 'optional',
  requires: 'pending-user',
  help: 'PASS <sp> password (complete a login)',
  async handler(context, arg) {
    const username = context.state.pendingUser ?? '';
    context.state.pendingUser = undefined;
    const outcome = await context.login(username, arg);
    if (outcome === 'ok') {
      context.reply(230, `User ${username} logged in.`);
      return;
    }
    if (outcome === 'disconnect') {
      context.reply(421, 'Too many failed logins; closing control connection.');
      context.close();
      return;
    }
    context.reply(530, 'Login incorrect.');
  },
});
