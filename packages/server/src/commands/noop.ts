import { defineCommand } from '../command-spec.js';

export const NOOP = defineCommand({
  name: 'NOOP',
  auth: false,
  arg: 'none',
  duringTransfer: true,
  help: 'NOOP (do nothing)',
  handler(context) {
    context.reply(200, 'NOOP command successful.');
  },
});
