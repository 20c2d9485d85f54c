/** Failures of the connection itself, before or instead of any answer from the store. */

/** System error codes (`error.code`) of a network failure: the store was not reached, or stopped answering. */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
]);

/** The system error code of `error` when it is one of NETWORK_ERROR_CODES. */
export function networkErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && NETWORK_ERROR_CODES.has(code) ? code : undefined;
}

/**
 * True for a connection that died under a request (typically a pooled keep-alive connection the
 * server had just closed). The caller checks that no answer came; then repeating an idempotent
 * request is safe.
 */
export function isConnectionReset(error: unknown): boolean {
  const code = networkErrorCode(error);
  // UND_ERR_SOCKET: fetch's (undici's) "other side closed".
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || (error instanceof Error && /socket hang up/i.test(error.message));
}
