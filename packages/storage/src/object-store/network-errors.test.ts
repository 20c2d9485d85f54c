import { describe, expect, it } from 'vitest';
import { isConnectionReset, networkErrorCode } from './network-errors.js';

const failure = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('network failures', () => {
  it('knows the system codes of a connection that failed', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'UND_ERR_SOCKET']) {
      expect(networkErrorCode(failure(code))).toBe(code);
    }
    expect(networkErrorCode(failure('ENOENT'))).toBeUndefined();
    expect(networkErrorCode({ code: 503 })).toBeUndefined();
    expect(networkErrorCode(undefined)).toBeUndefined();
  });

  it('tells a reset connection from other network failures', () => {
    expect(isConnectionReset(failure('ECONNRESET'))).toBe(true);
    expect(isConnectionReset(failure('EPIPE'))).toBe(true);
    expect(isConnectionReset(new Error('socket hang up'))).toBe(true);
    expect(isConnectionReset(failure('UND_ERR_SOCKET'))).toBe(true);
    expect(isConnectionReset(failure('ECONNREFUSED'))).toBe(false);
    expect(isConnectionReset(failure('ETIMEDOUT'))).toBe(false);
  });
});
