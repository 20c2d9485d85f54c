/**
 * What a command declares about itself (after pyftpdlib's proto table): checked by the dispatcher in
 * one place, listed by HELP and FEAT. The handler is added in command-spec.ts.
 */
import type { Permission } from './auth.js';

export type ArgumentRule = 'none' | 'required' | 'optional';

/** A state the previous command must have left (RFC 959 §5.4 sequencing → 503). */
export type Prerequisite = 'pending-user' | 'rename-from';

export interface CommandInfo {
  readonly name: string;
  /** RFC 775 X-verbs and other spellings that run the same handler. */
  readonly aliases?: readonly string[];
  /** Needs a logged-in user (530 otherwise). */
  readonly auth: boolean;
  /** 501 when the argument breaks the rule. */
  readonly arg: ArgumentRule;
  /** 550 when the user lacks it. */
  readonly perm?: Permission;
  readonly requires?: Prerequisite;
  /** Answered at once while a transfer runs (ABOR, STAT, QUIT, NOOP); others wait for it to end. */
  readonly duringTransfer?: boolean;
  /** Shown by `HELP <verb>`. */
  readonly help: string;
  /** The FEAT line this command adds (RFC 2389 §3.2), if it is an extension. */
  readonly feature?: (context: FeatureContext) => string | undefined;
}

/** What FEAT lines may depend on. */
export interface FeatureContext {
  readonly mlstFacts: readonly string[];
  readonly hashAlgorithm: string;
  /** TLS is configured, so AUTH TLS, PBSZ and PROT are announced (RFC 4217 §6). */
  readonly tls: boolean;
}
