import { isIPv4 } from 'node:net';
import { formatPasvAddress } from '@bucketftp/protocol';
import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';
import { passiveAddress } from './shared/passive-address.js';

// RFC 959 §4.1.2: 227 Entering Passive Mode (h1,h2,h3,h4,p1,p2). PASV can only name IPv4 addresses;
// on an IPv6 control connection clients must use EPSV (RFC 2428 §3), so we answer 425.
export const PASV = defineCommand({
  name: 'PASV',
  auth: true,
  arg: 'none',
  help: 'PASV (passive mode data connection)',
  async handler(context) {
    if (context.state.epsvAll) throw new FtpError(501, 'Only EPSV is accepted after EPSV ALL (RFC 2428 §4).');
    const host = passiveAddress(context);
    if (!isIPv4(host)) throw new FtpError(425, 'PASV needs IPv4; use EPSV on this connection (RFC 2428).');
    const port = await context.data.listenPassive();
    context.reply(227, `Entering Passive Mode (${formatPasvAddress(host, port)}).`);
  },
});
