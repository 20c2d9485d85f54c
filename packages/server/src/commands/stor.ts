import { defineCommand } from '../command-spec.js';
import { startUpload } from './shared/upload.js';

// RFC 959 §4.1.3; with a preceding REST n the upload resumes at byte n (RFC 3659 §5).
export const STOR = defineCommand({
  name: 'STOR',
  auth: true,
  arg: 'required',
  perm: 'write',
  help: 'STOR <sp> pathname (store a file)',
  async handler(context, arg) {
    const path = context.resolvePath(arg);
    const offset = context.state.takeRestOffset();
    await startUpload(context, 'STOR', path, offset > 0 ? { kind: 'resume', offset } : { kind: 'create' });
  },
});
