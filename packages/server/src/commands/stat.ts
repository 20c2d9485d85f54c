import { formatListLine } from '@bucketftp/protocol';
import { defineCommand } from '../command-spec.js';
import type { CommandContext } from '../context.js';
import { listingEntries, listingTarget } from './shared/listing.js';

// RFC 959 §4.1.3: without an argument, the server/transfer status (211, also during a transfer);
// with a path, a LIST-style listing on the control connection (213).
export const STAT = defineCommand({
  name: 'STAT',
  auth: false,
  arg: 'optional',
  duringTransfer: true,
  help: 'STAT [<sp> pathname] (server status, or a listing over the control connection)',
  async handler(context, arg) {
    if (arg.trim() === '') {
      context.reply(211, serverStatus(context));
      return;
    }
    context.requirePermission('list');
    // The listing is a multi-line reply written in pieces: a transfer's 150/226 must not land inside it.
    await context.transfers.idle();
    const target = await listingTarget(context, arg);
    const now = new Date();
    const { storage } = context;
    async function* lines() {
      for await (const entry of listingEntries(storage, target)) yield formatListLine(entry, now);
    }
    await context.replyStream(213, `Status of ${target.path}:`, lines(), 'End of status.');
  },
});

function serverStatus(context: CommandContext): string[] {
  const { state, connection } = context;
  const lines = [
    `${context.serverName} FTP server status:`,
    `Connected to ${connection.localAddress}:${connection.localPort}`,
    `Connected from ${connection.remoteAddress}:${connection.remotePort}`,
    state.account ? `Logged in as ${state.account.username}` : 'Not logged in',
    `TYPE: ${state.type === 'ascii' ? 'ASCII' : 'BINARY'}; STRUcture: File; MODE: Stream`,
    context.data.describe(),
  ];
  // RFC 4217: where TLS is offered, say what is protected.
  if (context.security.available) {
    const control = context.security.secured ? 'TLS' : 'clear';
    lines.push(`Control connection: ${control}; data connections: PROT ${state.dataProtection === 'private' ? 'P' : 'C'}`);
  }
  const transfer = context.transfers.current;
  if (transfer) lines.push(`Transferring (${transfer.command}) ${transfer.path ?? ''}: ${transfer.bytes} bytes so far`);
  lines.push('End of status.');
  return lines;
}
