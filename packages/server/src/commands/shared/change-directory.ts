import type { CommandContext } from '../../context.js';
import { FtpError } from '../../errors.js';

export async function changeDirectory(context: CommandContext, path: string): Promise<void> {
  const entry = await context.storage.stat(path);
  if (entry.type !== 'dir') throw new FtpError(550, 'Not a directory.');
  context.state.cwd = path;
  context.reply(250, 'CWD command successful.');
}
