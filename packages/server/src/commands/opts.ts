import { parseMlstFactsOption } from '@bucketftp/protocol';
import { HASH_ALGORITHMS, type HashAlgorithm } from '@bucketftp/storage';
import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';

// RFC 2389 §4: OPTS <command> [options]. UTF8 (RFC 2640 §3.2, always on), MLST facts (RFC 3659 §7.9),
// HASH algorithm selection (draft-bryan-ftpext-hash §3.1).
export const OPTS = defineCommand({
  name: 'OPTS',
  auth: false,
  arg: 'required',
  help: 'OPTS <sp> UTF8 ON | MLST facts | HASH [algorithm] (set options)',
  feature: () => 'UTF8',
  handler(context, arg) {
    const [name = '', ...rest] = arg.trim().split(/\s+/);
    const value = rest.join(' ');
    switch (name.toUpperCase()) {
      case 'UTF8':
      case 'UTF-8':
        if (value.toUpperCase() === 'ON' || value === '') {
          context.reply(200, 'UTF8 mode is always on.');
          return;
        }
        throw new FtpError(504, 'UTF8 cannot be turned off.');
      case 'MLST': {
        context.state.mlstFacts = parseMlstFactsOption(value);
        context.reply(200, `MLST OPTS ${context.state.mlstFacts.map((fact) => `${fact};`).join('')}`);
        return;
      }
      case 'HASH': {
        if (value === '') {
          context.reply(200, context.state.hashAlgorithm);
          return;
        }
        const algorithm = HASH_ALGORITHMS.find((candidate) => candidate === value.toUpperCase());
        if (!algorithm) throw new FtpError(501, 'Unknown algorithm, current selection not changed.');
        context.state.hashAlgorithm = algorithm satisfies HashAlgorithm;
        context.reply(200, algorithm);
        return;
      }
      default:
        throw new FtpError(501, `Option ${name.toUpperCase()} not understood.`);
    }
  },
});
