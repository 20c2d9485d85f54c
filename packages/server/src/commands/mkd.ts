import { quotePath } from '@bucketftp/protocol';
import { defineCommand } from '../command-spec.js';
import { elapsedMs } from './shared/elapsed.js';

// RFC 959 §4.1.3 and Appendix II: 257 "<path>" created.
export const MKD = defineCommand({
  name: 'MKD',
  aliases: ['XMKD'],
  auth: true,
  arg: 'required',
  perm: 'mkdir',
  help: 'MKD <sp> pathname (make a directory)',
  async handler(context, arg) {
    const started = performance.now();
    const path = context.resolvePath(arg);
    await context.storage.mkdir(path);
    context.reply(257, `${quotePath(path)} directory created.`);
    context.fileOperation({ operation: 'mkdir', command: 'MKD', path, durationMs: elapsedMs(started) });
  },
});
