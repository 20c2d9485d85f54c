import { formatListLine } from '@bucketftp/protocol';
import { defineCommand } from '../command-spec.js';
import { globListingTarget, startListing } from './shared/listing.js';

// RFC 959 §4.1.3: a human-readable listing (the `ls -l` form clients parse) over the data connection.
// A wildcard in the last segment (`LIST *.csv`) lists the matching entries of its directory.
export const LIST = defineCommand({
  name: 'LIST',
  auth: true,
  arg: 'optional',
  perm: 'list',
  help: 'LIST [<sp> pathname] (long listing)',
  async handler(context, arg) {
    const target = await globListingTarget(context, arg);
    const now = new Date();
    startListing(context, 'LIST', target, 'Opening ASCII mode data connection for file list.', (entry) => formatListLine(entry, now));
  },
});
