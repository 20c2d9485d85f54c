import type { LoginOutcome } from '../context.js';
import { defineCommand } from '../command-spec.js';

/** The reply to each failed login outcome, and whether the connection closes after it. */
const REFUSALS: Record<Exclude<LoginOutcome, 'ok'>, { code: number; text: string; close: boolean }> = {
  retry: { code: 530, text: 'Login incorrect.', close: false },
  disconnect: { code: 421, text: 'Too many failed logins; closing control connection.', close: true },
  // RFC 2577 §5: repeated failures from one address are answered by refusing it for a while.
  banned: { code: 421, text: 'Too many failed logins from your address; try again later.', close: true },
  'user-limit': { code: 421, text: 'Too many sessions for this user; closing control connection.', close: true },
  // RFC 4217 §4.2: the account needs a protected control connection.
  'tls-required': { code: 530, text: 'This account requires TLS: send AUTH TLS before logging in.', close: false },
  // RFC 959 §4.2: 421 service not available, closing control connection (fail closed).
  unavailable: { code: 421, text: 'Login service temporarily unavailable; try again later.', close: true },
};

// RFC 959 §4.1.1: PASS completes the login begun by USER. The password is never logged.
export const PASS = defineCommand({
  name: 'PASS',
  auth: false,
  arg: 'optional',
  requires: 'pending-user',
  help: 'PASS <sp> password (complete a login)',
  async handler(context, arg) {
    const username = context.state.pendingUser ?? '';
    context.state.pendingUser = undefined;
    const outcome = await context.login(username, arg);
    if (outcome === 'ok') {
      context.reply(230, `User ${username} logged in.`);
      return;
    }
    const refusal = REFUSALS[outcome];
    context.reply(refusal.code, refusal.text);
    if (refusal.close) context.close();
  },
});
