import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';

// RFC 959 §3.1.2: only File structure.
export const STRU = defineCommand({
  name: 'STRU',
  auth: true,
  arg: 'required',
  help: 'STRU <sp> F (file structure; only File)',
  handler(context, arg) {
    if (arg.trim().toUpperCase() !== 'F') throw new FtpError(504, 'Only STRU F (File) is implemented.');
    context.reply(200, 'Structure set to F.');
  },
});
