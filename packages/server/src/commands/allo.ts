import { defineCommand } from '../command-spec.js';

// RFC 959 §4.1.3: no allocation is needed (202); the size is kept as a hint for the next upload.
export const ALLO = defineCommand({
  name: 'ALLO',
  auth: true,
  arg: 'required',
  help: 'ALLO <sp> size [<sp> R <sp> record-size] (reserve space)',
  handler(context, arg) {
    const size = /^\s*(\d{1,15})/.exec(arg)?.[1];
    context.state.allocateHint = size === undefined ? undefined : Number(size);
    context.reply(202, 'No storage allocation necessary.');
  },
});
