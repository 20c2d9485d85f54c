import { defineCommand } from '../command-spec.js';
import { listingEntries, listingTarget } from './shared/listing.js';
import { writeLines } from './shared/write-lines.js';

// RFC 959 §4.1.3: names only, one per line (files and directories, as classic servers list them).
export const NLST = defineCommand({
  name: 'NLST',
  auth: true,
  arg: 'optional',
  perm: 'list',
  help: 'NLST [<sp> pathname] (name list)',
  async handler(context, arg) {
    const target = await listingTarget(context, arg);
    const { storage } = context;
    context.transfers.start({
      command: 'NLST',
      path: target.path,
      kind: 'listing',
      direction: 'download',
      opening: 'Opening ASCII mode data connection for file list.',
      async run({ socket, signal }) {
        async function* lines() {
          for await (const entry of listingEntries(storage, target, signal)) yield `${entry.name}\r\n`;
        }
        await writeLines(socket, lines(), signal);
      },
    });
  },
});
