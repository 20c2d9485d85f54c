import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';

// RFC 2228 §3 / RFC 4217 §9: PBSZ must precede PROT; TLS is a stream, so the size is always 0 and
// any other value is answered with PBSZ=0.
export const PBSZ = defineCommand({
  name: 'PBSZ',
  auth: false,
  arg: 'required',
  help: 'PBSZ <sp> 0 (protection buffer size; always 0 with TLS)',
  feature: ({ tls }) => (tls ? 'PBSZ' : undefined),
  handler(context, arg) {
    if (!context.security.secured) throw new FtpError(503, 'PBSZ needs a protected control connection (AUTH TLS first).');
    if (!/^\d{1,10}$/.test(arg.trim())) throw new FtpError(501, 'PBSZ needs a decimal size.');
    context.state.protectionBufferSize = 0;
    context.reply(200, 'PBSZ=0');
  },
});
