import { parseEprtArgument } from '@bucketftp/protocol';
import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';
import { checkActiveTarget } from './shared/data-address.js';

// RFC 2428 §2: EPRT |af|address|port| for IPv4 (1) and IPv6 (2).
export const EPRT = defineCommand({
  name: 'EPRT',
  auth: true,
  arg: 'required',
  help: 'EPRT <sp> |af|address|port| (extended active mode)',
  feature: () => 'EPRT',
  handler(context, arg) {
    const target = parseEprtArgument(arg);
    if (!target.ok) {
      if (target.reason === 'protocol') throw new FtpError(522, 'Network protocol not supported, use (1,2)');
      throw new FtpError(501, 'Syntax error in EPRT argument.');
    }
    checkActiveTarget(context, target.host, target.port);
    context.data.connectActive(target.host, target.port);
    context.reply(200, 'EPRT command successful.');
  },
});
