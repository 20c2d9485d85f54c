import { defineCommand } from '../command-spec.js';

// RFC 959 §4.1.3; "UNIX Type: L8" makes clients expect `ls -l` style LIST output.
export const SYST = defineCommand({
  name: 'SYST',
  auth: false,
  arg: 'none',
  help: 'SYST (show the system type)',
  handler(context) {
    context.reply(215, 'UNIX Type: L8');
  },
});
