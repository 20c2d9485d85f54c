import { formatMdtm, parseTimeVal, splitMfmtArgument } from '@bucketftp/protocol';
import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';

// draft-somers-ftp-mfxx §3: MFMT time-val SP pathname sets a file's modification time (UTC) and
// answers `213 Modify=time-val; pathname`.
export const MFMT = defineCommand({
  name: 'MFMT',
  auth: true,
  arg: 'required',
  perm: 'write',
  help: 'MFMT <sp> YYYYMMDDHHMMSS <sp> pathname (set modification time)',
  feature: () => 'MFMT',
  async handler(context, arg) {
    const parts = splitMfmtArgument(arg);
    if (!parts) throw new FtpError(501, 'Syntax: MFMT YYYYMMDDHHMMSS pathname.');
    const mtime = parseTimeVal(parts.time);
    if (!mtime) throw new FtpError(501, 'Invalid time; expected YYYYMMDDHHMMSS[.sss] in UTC.');
    const path = context.resolvePath(parts.pathname);
    const { storage } = context;
    // RFC 959 §4.2: 502 command not implemented (for this user's storage).
    if (!storage.capabilities.setModified || !storage.setModified) throw new FtpError(502, 'This storage cannot set modification times.');
    await storage.setModified(path, mtime);
    context.reply(213, `Modify=${formatMdtm(mtime)}; ${parts.pathname}`);
  },
});
