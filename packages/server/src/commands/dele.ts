import { defineCommand } from '../command-spec.js';
import { elapsedMs } from './shared/elapsed.js';

// RFC 959 §4.1.3
export const DELE = defineCommand({
  name: 'DELE',
  auth: true,
  arg: 'required',
  perm: 'delete',
  help: 'DELE <sp> pathname (delete a file)',
  async handler(context, arg) {
    const started = performance.now();
    const path = context.resolvePath(arg);
    await context.storage.delete(path);
    context.reply(250, 'File removed.');
    context.fileOperation({ operation: 'delete', command: 'DELE', path, durationMs: elapsedMs(started) });
  },
});
