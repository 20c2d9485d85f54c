import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';
import { openingText } from './shared/transfer-text.js';

// RFC 959 §4.1.3; REST n first starts at byte n (RFC 3659 §5), an offset past the end is 554 (§5.5).
export const RETR = defineCommand({
  name: 'RETR',
  auth: true,
  arg: 'required',
  perm: 'read',
  help: 'RETR <sp> pathname (retrieve a file)',
  async handler(context, arg) {
    const path = context.resolvePath(arg);
    const offset = context.state.takeRestOffset();
    const entry = await context.storage.stat(path);
    if (entry.type !== 'file') throw new FtpError(550, 'Not a regular file.');
    if (offset > entry.size) throw new FtpError(554, `Restart offset ${offset} is past the end of the file.`);
    const { storage, state } = context;
    context.transfers.start({
      command: 'RETR',
      path,
      kind: 'file',
      direction: 'download',
      opening: openingText(state.type, path, entry.size),
      type: state.type,
      offset,
      source: (options) => storage.read(path, options),
    });
  },
});
