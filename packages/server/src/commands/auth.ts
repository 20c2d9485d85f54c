import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';

/** RFC 4217 §4.1 names TLS; TLS-C and SSL are older spellings clients still send for the same thing. */
const MECHANISMS = new Set(['TLS', 'TLS-C', 'SSL']);

// RFC 4217 §4.1 (RFC 2228 §3): 234, then the TLS handshake on the control connection; the login
// that follows happens under TLS. 502 when TLS is not configured, 504 for other mechanisms.
export const AUTH = defineCommand({
  name: 'AUTH',
  auth: false,
  arg: 'required',
  help: 'AUTH <sp> TLS (protect the control connection with TLS)',
  feature: ({ tls }) => (tls ? 'AUTH TLS' : undefined),
  handler(context, arg) {
    const mechanism = arg.trim().toUpperCase();
    if (!context.security.available) throw new FtpError(502, 'TLS is not configured on this server.');
    if (!MECHANISMS.has(mechanism)) throw new FtpError(504, `AUTH ${mechanism} is not supported; use AUTH TLS.`);
    if (context.security.secured) throw new FtpError(503, 'The control connection is already protected.');
    if (context.state.account) throw new FtpError(503, 'AUTH TLS must come before the login.');
    // RFC 4217 §4.1: a USER sent before AUTH does not carry over into the protected session.
    context.state.pendingUser = undefined;
    context.reply(234, 'AUTH TLS successful; start the TLS negotiation.');
    context.security.startTls();
  },
});
