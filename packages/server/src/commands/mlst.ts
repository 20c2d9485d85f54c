import { formatMlstFeature, formatMlsxLine } from '@bucketftp/protocol';
import { defineCommand } from '../command-spec.js';
import { permFact } from './shared/listing.js';

// RFC 3659 §7: facts about one path on the control connection (250-… / 250 End).
export const MLST = defineCommand({
  name: 'MLST',
  auth: true,
  arg: 'optional',
  perm: 'list',
  help: 'MLST [<sp> pathname] (machine-readable facts about one path)',
  feature: ({ mlstFacts }) => `MLST ${formatMlstFeature(mlstFacts as Parameters<typeof formatMlstFeature>[0])}`,
  async handler(context, arg) {
    const path = context.resolvePath(arg);
    const entry = await context.storage.stat(path);
    const line = formatMlsxLine(entry, context.state.mlstFacts, path, permFact(entry, context.account.permissions));
    context.reply(250, [`Listing ${path}`, line, 'End']);
  },
});
