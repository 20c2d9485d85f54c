import { isIPv6 } from 'node:net';
import { parseEpsvArgument } from '@bucketftp/protocol';
import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';

// RFC 2428 §3: 229 Entering Extended Passive Mode (|||port|); the client reuses the control address.
// RFC 2428 §4: EPSV ALL — from now on only EPSV sets up data connections.
export const EPSV = defineCommand({
  name: 'EPSV',
  auth: true,
  arg: 'optional',
  help: 'EPSV [<sp> 1 | 2 | ALL] (extended passive mode)',
  feature: () => 'EPSV',
  async handler(context, arg) {
    const request = parseEpsvArgument(arg.trim());
    if (!request) throw new FtpError(501, 'Syntax error in EPSV argument.');
    if (request.kind === 'all') {
      context.state.epsvAll = true;
      context.reply(200, 'EPSV ALL command successful.');
      return;
    }
    if (request.kind === 'family') {
      const ours = isIPv6(context.connection.localAddress) ? 2 : 1;
      if (request.family !== ours) throw new FtpError(522, `Network protocol not supported, use (${ours})`);
    }
    const port = await context.data.listenPassive();
    context.reply(229, `Entering Extended Passive Mode (|||${port}|)`);
  },
});
