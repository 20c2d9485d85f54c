import { defineCommand } from '../command-spec.js';

// RFC 959 §4.1.1: accounts are not used here; 202 = command superfluous at this site.
export const ACCT = defineCommand({
  name: 'ACCT',
  auth: false,
  arg: 'required',
  help: 'ACCT <sp> account (not needed on this server)',
  handler(context) {
    context.reply(202, 'ACCT not needed on this server.');
  },
});
