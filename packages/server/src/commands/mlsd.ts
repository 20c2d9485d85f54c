import { formatMlsxLine } from '@bucketftp/protocol';
import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';
import { listingEntries, listingTarget, permFact } from './shared/listing.js';
import { writeLines } from './shared/write-lines.js';

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
    const { storage, state, account } = context;
    context.transfers.start({
      command: 'MLSD',
      path: target.path,
      kind: 'listing',
      direction: 'download',
      opening: 'Opening ASCII mode data connection for MLSD.',
      async run({ socket, signal }) {
        async function* lines() {
          for await (const entry of listingEntries(storage, target, signal)) {
            yield `${formatMlsxLine(entry, state.mlstFacts, entry.name, permFact(entry, account.permissions))}\r\n`;
          }
        }
        await writeLines(socket, lines(), signal);
      },
    });
  },
});
