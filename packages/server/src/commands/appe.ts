import { defineCommand } from '../command-spec.js';
import { startUpload } from './shared/upload.js';

// RFC 959 §4.1.3: append to a file, creating it when missing.
export const APPE = defineCommand({
  name: 'APPE',
  auth: true,
  arg: 'required',
  perm: 'write',
  help: 'APPE <sp> pathname (append to a file)',
  async handler(context, arg) {
    const path = context.resolvePath(arg);
    context.state.takeRestOffset();
    await startUpload(context, 'APPE', path, { kind: 'append' });
  },
});
