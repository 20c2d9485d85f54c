import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ReplyWriter } from './reply-writer.js';

const sockets: Socket[] = [];
const listeners: Server[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const listener of listeners.splice(0)) listener.close();
});

/** A writer over the server end of a real loopback connection, and everything the client receives. */
async function setUp(): Promise<{ writer: ReplyWriter; answers: string[]; received: () => Promise<string> }> {
  const listener = createServer();
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const accepted = once(listener, 'connection') as Promise<[Socket]>;
  const client = connect((listener.address() as AddressInfo).port, '127.0.0.1');
  const [server] = await accepted;
  sockets.push(client, server);
  listeners.push(listener);
  let text = '';
  client.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const answers: string[] = [];
  const writer = new ReplyWriter({ socket: server, write: (reply) => void server.write(reply) }, (verb, code) => answers.push(`${verb} ${code}`));
  const received = async () => {
    server.end();
    await once(client, 'end');
    return text;
  };
  return { writer, answers, received };
}

describe('ReplyWriter', () => {
  it('writes every reply form with the exact bytes of RFC 959 §4.2', async () => {
    const { writer, received } = await setUp();
    writer.reply(200, 'NOOP ok.');
    writer.reply(211, ['Features:', ' SIZE', 'End']);
    writer.reply(221, ['Bye.', 'Traffic.', 'Goodbye.'], 'hyphenated');
    async function* middle() {
      yield 'a.txt';
      yield '213 not the end';
    }
    await writer.stream(213, 'Status of /:', middle(), 'End of status.');
    writer.transfer(150, 'Opening data connection.');
    expect(await received()).toBe(
      '200 NOOP ok.\r\n' +
        '211-Features:\r\n  SIZE\r\n211 End\r\n' +
        '221-Bye.\r\n221-Traffic.\r\n221 Goodbye.\r\n' +
        '213-Status of /:\r\n a.txt\r\n 213 not the end\r\n213 End of status.\r\n' +
        '150 Opening data connection.\r\n',
    );
  });

  it("reports each command's first reply once; a transfer's replies leave the running command's report alone", async () => {
    const { writer, answers } = await setUp();
    writer.begin('PWD');
    writer.reply(257, '"/" is the current directory.');
    writer.reply(200, 'a second reply is not an answer');
    writer.end();
    writer.begin('STAT');
    writer.transfer(150, 'Opening data connection.', 'RETR');
    writer.transfer(226, 'Transfer complete.');
    writer.reply(211, 'Status.');
    writer.end();
    writer.reply(500, 'no command waits for this one');
    expect(answers).toEqual(['PWD 257', 'RETR 150', 'STAT 211']);
  });
});
