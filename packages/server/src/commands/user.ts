import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';

// RFC 959 §4.1.1: USER starts a login; PASS must follow. RFC 4217 §4.2: a server that wants a
// protected session refuses USER on a plain control connection.
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
    if (context.security.loginRequiresTls && !context.security.secured) {
      throw new FtpError(530, 'Logins require TLS on this server: send AUTH TLS first.');
    }
    context.state.pendingUser = arg;
    context.reply(331, `Password required for ${arg}.`);
  },
});
