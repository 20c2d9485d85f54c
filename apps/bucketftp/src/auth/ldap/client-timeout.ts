/**
 * ldapts's own timeouts (a message unanswered within `timeout`, a connection not made within
 * `connectTimeout`) carry no error class or code, only these messages.
 */
export function isClientTimeout(error: unknown): boolean {
  return error instanceof Error && /^(?:\w+: Operation timed out|Connection timeout)$/.test(error.message);
}
