/**
 * A command is data (after pyftpdlib's proto table): what it needs is declared (command-info.ts) and
 * checked by the dispatcher in one place; the handler only does the work.
 */
import type { CommandInfo } from './command-info.js';
import type { CommandContext } from './context.js';

export type { ArgumentRule, FeatureContext, Prerequisite } from './command-info.js';

export interface CommandSpec extends CommandInfo {
  handler(context: CommandContext, arg: string): Promise<void> | void;
}

export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}
