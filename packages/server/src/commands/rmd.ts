import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';
import { elapsedMs } from './shared/elapsed.js';

// RFC 959 §4.1.3
export const RMD = defineCommand({
  name: 'RMD',
  aliases: ['XRMD'],
  auth: true,
  arg: 'required',
  perm: 'delete',
  help: 'RMD <sp> pathname (remove an empty directory)',
  async handler(context, arg) {
    const started = performance.now();
    const path = context.resolvePath(arg);
    if (path === '/') throw new FtpError(550, 'Cannot remove the root directory.');
    await context.storage.rmdir(path);
    if (context.state.cwd === path || context.state.cwd.startsWith(`${path}/`)) context.state.cwd = '/';
    context.reply(250, 'Directory removed.');
    context.fileOperation({ operation: 'rmdir', command: 'RMD', path, durationMs: elapsedMs(started) });
  },
});
