import { formatMlsxLine } from '@bucketftp/protocol';
import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';
import { listingTarget, permFact, startListing } from './shared/listing.js';

// RFC 3659 §7: machine-readable listing of a directory over the data connection.
export const MLSD = defineCommand({
  name: 'MLSD',
  auth: true,
  arg: 'optional',
  perm: 'list',
  help: 'MLSD [<sp> pathname] (machine-readable directory listing)',
  async handler(context, arg) {
    const target = await listingTarget(context, arg);
    // RFC 3659 §7.2.1: MLSD of a non-directory is an error.
    if (target.entry.type !== 'dir') throw new FtpError(501, 'Not a directory; use MLST for a file.');
    const { state, account } = context;
    startListing(context, 'MLSD', target, 'Opening ASCII mode data connection for MLSD.', (entry) =>
      formatMlsxLine(entry, state.mlstFacts, entry.name, permFact(entry, account.permissions)),
    );
  },
});
