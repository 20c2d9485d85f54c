import { defineCommand } from '../command-spec.js';
import { listingTarget, startListing } from './shared/listing.js';

// RFC 959 §4.1.3: names only, one per line (files and directories, as classic servers list them).
export const NLST = defineCommand({
  name: 'NLST',
  auth: true,
  arg: 'optional',
  perm: 'list',
  help: 'NLST [<sp> pathname] (name list)',
  async handler(context, arg) {
    const target = await listingTarget(context, arg);
    startListing(context, 'NLST', target, 'Opening ASCII mode data connection for file list.', (entry) => entry.name);
  },
});
