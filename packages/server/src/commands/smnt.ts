import { defineCommand } from '../command-spec.js';

// RFC 959 §4.1.1: structure mounts have no meaning for bucket-backed storage.
export const SMNT = defineCommand({
  name: 'SMNT',
  auth: true,
  arg: 'required',
  help: 'SMNT <sp> pathname (not implemented)',
  handler(context) {
    context.reply(502, 'SMNT not implemented.');
  },
});
