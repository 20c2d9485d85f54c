import { defineCommand } from '../command-spec.js';
import { changeDirectory } from './shared/change-directory.js';

// RFC 959 §4.1.1: CDUP is CWD to the parent; 200 or 250 are both allowed, 250 like CWD.
export const CDUP = defineCommand({
  name: 'CDUP',
  aliases: ['XCUP'],
  auth: true,
  arg: 'none',
  help: 'CDUP (change to the parent directory)',
  async handler(context) {
    await changeDirectory(context, context.resolvePath('..'));
  },
});
