import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';

// RFC 4217 §5 / §13.3: clearing the control connection would expose later commands (and defeats
// the purpose of requiring TLS), so CCC is refused for policy reasons (534, RFC 2228 §3).
export const CCC = defineCommand({
  name: 'CCC',
  auth: false,
  arg: 'none',
  help: 'CCC (clear the control connection; refused)',
  handler() {
    throw new FtpError(534, 'CCC refused: the control connection stays protected.');
  },
});
