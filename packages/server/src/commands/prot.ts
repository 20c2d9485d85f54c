import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';

// RFC 2228 §3 / RFC 4217 §9: PROT C (clear) or P (private: data connections use TLS). S and E have
// no meaning with TLS (536); PROT C is refused (534) where policy requires protected data.
export const PROT = defineCommand({
  name: 'PROT',
  auth: false,
  arg: 'required',
  help: 'PROT <sp> C | P (data connection protection level)',
  feature: ({ tls }) => (tls ? 'PROT' : undefined),
  handler(context, arg) {
    const level = arg.trim().toUpperCase();
    if (!context.security.secured) throw new FtpError(503, 'PROT needs a protected control connection (AUTH TLS first).');
    if (context.state.protectionBufferSize === undefined) throw new FtpError(503, 'PBSZ is required before PROT.');
    switch (level) {
      case 'P':
        context.state.dataProtection = 'private';
        context.reply(200, 'Protection level set to P (private).');
        return;
      case 'C':
        if (context.security.protectedDataRequired) throw new FtpError(534, 'Data connections must be protected on this server (PROT P).');
        context.state.dataProtection = 'clear';
        context.reply(200, 'Protection level set to C (clear).');
        return;
      case 'S':
      case 'E':
        throw new FtpError(536, `PROT ${level} is not supported with TLS; use C or P.`);
      default:
        throw new FtpError(504, `Unknown protection level ${level}.`);
    }
  },
});
