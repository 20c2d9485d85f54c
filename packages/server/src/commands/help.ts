import { defineCommand } from '../command-spec.js';
import { FtpError } from '../errors.js';

// RFC 959 §4.1.3: HELP lists the commands, HELP <verb> shows its syntax; both come from the table.
export const HELP = defineCommand({
  name: 'HELP',
  auth: false,
  arg: 'optional',
  help: 'HELP [<sp> command] (show help)',
  handler(context, arg) {
    const verb = arg.trim().toUpperCase();
    if (verb !== '') {
      const spec = context.commands.find((candidate) => candidate.name === verb || candidate.aliases?.includes(verb));
      if (!spec) throw new FtpError(501, `Unknown command ${verb}.`);
      context.reply(214, `Syntax: ${spec.help}`);
      return;
    }
    const verbs = context.commands.flatMap((spec) => [spec.name, ...(spec.aliases ?? [])]).sort();
    const rows: string[] = [];
    for (let i = 0; i < verbs.length; i += 8) rows.push(verbs.slice(i, i + 8).map((v) => v.padEnd(6)).join(' ').trimEnd());
    context.reply(214, ['The following commands are recognized:', ...rows, 'Help OK.']);
  },
});
