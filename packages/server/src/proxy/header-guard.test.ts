import { PROXY_V2_SIGNATURE } from '@bucketftp/protocol';
import { describe, expect, it } from 'vitest';
import { ProxyHeaderGuard } from './header-guard.js';

/** What the guard passed on, or 'refuse'. */
function feed(chunks: readonly (string | Buffer)[]): string {
  const guard = new ProxyHeaderGuard();
  let passed = '';
  for (const chunk of chunks) {
    const out = guard.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
    if (out === 'refuse') return out;
    passed += out.toString('latin1');
  }
  return passed;
}

describe('ProxyHeaderGuard', () => {
  it('passes FTP commands through unchanged, however they are split', () => {
    expect(feed(['USER alice\r\n'])).toBe('USER alice\r\n');
    expect(feed(['P', 'R', 'OT P\r\n', 'PWD\r\n'])).toBe('PROT P\r\nPWD\r\n');
    expect(feed(['\r', '\nNOOP\r\n'])).toBe('\r\nNOOP\r\n');
  });

  it('refuses a v1 or v2 header at the start, even byte by byte', () => {
    expect(feed(['PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n'])).toBe('refuse');
    expect(feed([...'PROXY '].map((c) => c))).toBe('refuse');
    expect(feed([PROXY_V2_SIGNATURE.subarray(0, 5), PROXY_V2_SIGNATURE.subarray(5)])).toBe('refuse');
  });

  it('only looks at the start of the connection', () => {
    expect(feed(['NOOP\r\n', 'PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n'])).toBe('NOOP\r\nPROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n');
  });
});
