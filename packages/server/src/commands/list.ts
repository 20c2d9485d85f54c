import { formatListLine } from '@bucketftp/protocol';
import { defineCommand } from '../command-spec.js';
import { listingEntries, listingTarget } from './shared/listing.js';
import { writeLines } from './shared/write-lines.js';

// RFC 959 §4.1.3: a human-readable listing (the `ls -l` form clients parse) over the data connection.
export const LIST = defineCommand({
  name: 'LIST',
  auth: true,
  arg: 'optional',
  perm: 'list',
  help: 'LIST [<sp> pathname] (long listing)',
  async handler(context, arg) {
    const target = await listingTarget(context, arg);
    const { storage } = context;
    context.transfers.start({
      command: 'LIST',
      path: target.path,
      kind: 'listing',
      direction: 'download',
      opening: 'Opening ASCII mode data connection for file list.',
      async run({ socket, signal }) {
        const now = new Date();
        async function* lines() {
          for await (const entry of listingEntries(storage, target, signal)) yield `${formatListLine(entry, now)}\r\n`;
        }
        await writeLines(socket, lines(), signal);
      },
    });
  },
});
