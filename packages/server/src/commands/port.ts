import { parsePortArgument } from '@bucketftp/protocol';
import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';
import { checkActiveTarget } from './shared/data-address.js';

// RFC 959 §4.1.2: PORT h1,h2,h3,h4,p1,p2 — the server connects to the client for the next transfer.
export const PORT = defineCommand({
  name: 'PORT',
  auth: true,
  arg: 'required',
  help: 'PORT <sp> h1,h2,h3,h4,p1,p2 (active mode data address)',
  handler(context, arg) {
    const target = parsePortArgument(arg);
    if (!target) throw new FtpError(501, 'Syntax error in PORT argument.');
    checkActiveTarget(context, target.host, target.port);
    context.data.connectActive(target.host, target.port);
    context.reply(200, 'PORT command successful.');
  },
});
