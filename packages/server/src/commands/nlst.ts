import type { Entry } from '@bucketftp/storage';
import { defineCommand } from '../command-spec.js';
import { globListingTarget, startListing } from './shared/listing.js';

// RFC 959 §4.1.3: names only, one per line (files and directories, as classic servers list them).
// A wildcard in the last segment (`NLST *.csv`, sent by `mget`) lists the matching names of its directory.
export const NLST = defineCommand({
  name: 'NLST',
  auth: true,
  arg: 'optional',
  perm: 'list',
  help: 'NLST [<sp> pathname] (name list)',
  async handler(context, arg) {
    const target = await globListingTarget(context, arg);
    // For a wildcard (`NLST sub/*.csv`) each name comes with the directory as typed (`sub/a.csv`, as
    // vsftpd sends it), so `mget` can RETR every name as it is.
    const prefix = target.typedDir ?? '';
    const format = (entry: Entry): string => `${prefix}${entry.name}`;
    startListing(context, 'NLST', target, 'Opening ASCII mode data connection for file list.', format, true);
  },
});
