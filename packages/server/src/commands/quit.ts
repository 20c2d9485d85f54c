import { defineCommand } from '../command-spec.js';

// RFC 959 §4.1.1: a running transfer finishes (and is answered) before 221 and the close.
// The farewell reports the session's traffic, like classic servers.
export const QUIT = defineCommand({
  name: 'QUIT',
  auth: false,
  arg: 'none',
  duringTransfer: true,
  help: 'QUIT (log out and close the connection)',
  async handler(context) {
    await context.transfers.idle();
    const { stats } = context;
    context.replyHyphenated(221, [
      `You have transferred ${stats.fileBytes} bytes in ${stats.files} files.`,
      `Total traffic for this session was ${stats.totalBytes} bytes in ${stats.transfers} transfers.`,
      `Thank you for using the FTP service on ${context.serverName}.`,
      'Goodbye.',
    ]);
    context.close();
  },
});
