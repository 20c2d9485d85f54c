/**
 * RFC 2577 §3 (bounce attacks): an active-mode target must be the client's own address unless the
 * user may FXP, and never a privileged port.
 */
import { sameHost } from '@bucketftp/protocol';
import type { CommandContext } from '../../context.js';
import { FtpError } from '../../errors.js';

export function checkActiveTarget(context: CommandContext, host: string, port: number): void {
  if (context.state.epsvAll) throw new FtpError(501, 'Only EPSV is accepted after EPSV ALL (RFC 2428 §4).');
  if (port < 1024) throw new FtpError(504, 'Data connections to privileged ports are refused (RFC 2577).');
  if (!sameHost(host, context.connection.remoteAddress) && context.account.allowFxp !== true) {
    throw new FtpError(501, 'Data connections to a foreign address are refused (RFC 2577).');
  }
}
