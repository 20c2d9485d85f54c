import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';

/** SITE sub-commands, a small table of their own (RFC 959 §4.1.3). */
const SITE_COMMANDS: Record<string, string> = {
  HELP: 'SITE HELP (this list)',
};

export const SITE = defineCommand({
  name: 'SITE',
  auth: true,
  arg: 'required',
  help: 'SITE <sp> command (site-specific commands; SITE HELP lists them)',
  handler(context, arg) {
    const [sub = ''] = arg.trim().split(/\s+/, 1);
    if (sub.toUpperCase() === 'HELP') {
      context.reply(214, ['The following SITE commands are recognized:', ...Object.values(SITE_COMMANDS), 'Help OK.']);
      return;
    }
    throw new FtpError(501, `Unknown SITE command ${sub.toUpperCase()}.`);
  },
});
