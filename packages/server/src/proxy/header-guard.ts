/**
 * For connections served directly next to trusted proxies: a PROXY header from such a client is an
 * attempt to spoof its address and ends the session. The first bytes are held until they show
 * whether a header starts (at most 12), then passed on unchanged.
 */
import { detectProxyHeader } from '@bucketftp/protocol';

export class ProxyHeaderGuard {
  private held: Buffer | undefined = Buffer.alloc(0);

  /** The bytes to pass on (possibly none yet), or 'refuse' when the connection opened with a PROXY header. */
  push(chunk: Buffer): Buffer | 'refuse' {
    if (this.held === undefined) return chunk;
    const bytes = this.held.length === 0 ? chunk : Buffer.concat([this.held, chunk]);
    const verdict = detectProxyHeader(bytes);
    if (verdict === 'header') return 'refuse';
    if (verdict === 'undecided') {
      this.held = bytes;
      return Buffer.alloc(0);
    }
    this.held = undefined;
    return bytes;
  }
}
