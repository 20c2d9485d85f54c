import { formatListLine } from '@bucketftp/protocol';
import { defineCommand } from '../command-spec.js';
import { listingTarget, startListing } from './shared/listing.js';

// RFC 959 §4.1.3: a human-readable listing (the `ls -l` form clients parse) over the data connection.
export const LIST = defineCommand({
  name: 'LIST',
  auth: true,
  arg: 'optional',
  perm: 'list',
  help: 'LIST [<sp> pathname] (long listing)',
  async handler(context, arg) {
    const target = await listingTarget(context, arg);
    const now = new Date();
    startListing(context, 'LIST', target, 'Opening ASCII mode data connection for file list.', (entry) => formatListLine(entry, now));
  },
});
