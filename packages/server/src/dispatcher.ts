/**
 * The one pre-dispatch step (after pyftpdlib): argument (501), login (530), sequence (503) and
 * permission (550) are checked here from the command table, then the handler runs, and whatever it
 * throws becomes a reply in replyForError — the only place errors turn into replies.
 */
import type { ParsedCommand } from '@bucketftp/protocol';
import type { CommandSpec } from './command-spec.js';
import type { CommandContext } from './context.js';
import { replyForError } from './errors.js';
import type { CommandTable } from './commands/table.js';

export async function dispatch(context: CommandContext, table: CommandTable, command: ParsedCommand): Promise<void> {
  const spec = table.get(command.verb);
  // RFC 959 §4.1.3: RNTO must immediately follow a successful RNFR; any other command, unknown and
  // refused ones included, forgets the pending source.
  const renameFrom = context.state.renameFrom;
  context.state.renameFrom = undefined;
  if (!spec) {
    context.reply(500, `Command "${command.verb}" not understood.`); // RFC 959 §4.2
    return;
  }
  if (spec.requires === 'rename-from') context.state.renameFrom = renameFrom;
  try {
    const refusal = checkPreconditions(context, spec, command.arg);
    if (refusal) {
      context.reply(refusal.code, refusal.text);
      return;
    }
    await spec.handler(context, command.arg);
  } catch (error) {
    const reply = replyForError(error);
    if (reply.unexpected) context.log.warn({ cmd: spec.name, err: error }, 'command failed');
    context.reply(reply.code, reply.text);
  } finally {
    if (spec.requires === 'rename-from') context.state.renameFrom = undefined;
  }
}

function checkPreconditions(context: CommandContext, spec: CommandSpec, arg: string): { code: number; text: string } | undefined {
  if (spec.arg === 'required' && arg.trim() === '') return { code: 501, text: `Syntax error: ${spec.name} needs an argument.` };
  if (spec.arg === 'none' && arg.trim() !== '') return { code: 501, text: `Syntax error: ${spec.name} takes no argument.` };
  if (spec.auth && !context.state.account) return { code: 530, text: 'Please log in with USER and PASS.' };
  if (spec.requires === 'pending-user' && context.state.pendingUser === undefined) {
    return { code: 503, text: 'Log in with USER first.' };
  }
  if (spec.requires === 'rename-from' && context.state.renameFrom === undefined) {
    return { code: 503, text: 'RNFR required first.' };
  }
  if (spec.perm && !context.state.account?.permissions.has(spec.perm)) return { code: 550, text: 'Permission denied.' };
  return undefined;
}
