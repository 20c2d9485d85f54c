/**
 * Address lists in the configuration (allowedSources, bans.exempt, proxyProtocol.trustedProxies,
 * cluster.trustedPeers) are checked with the same parser the engine uses to match them, so a list
 * the schema accepts can never fail at start-up.
 */
import { parseAddressBlock } from '@bucketftp/protocol';
import { z } from 'zod';

export function isAddressBlock(text: string): boolean {
  try {
    parseAddressBlock(text);
    return true;
  } catch {
    return false;
  }
}

/** One address or CIDR block; `example` ends the error message (`such as …`). */
export function addressBlock(example = '10.0.0.0/8') {
  return z.string().refine(isAddressBlock, `must be an address or CIDR block such as ${example}`);
}
