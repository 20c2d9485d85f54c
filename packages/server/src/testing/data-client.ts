/** Client ends of FTP data connections for tests: passive connects and active-mode listeners. */
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import type { ControlClient, FtpReply } from './control-client.js';

/** `227 Entering Passive Mode (h1,h2,h3,h4,p1,p2).` → host and port (RFC 959 §4.1.2). */
export function parsePasvReply(reply: FtpReply): { host: string; port: number } {
  const match = /\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)/.exec(reply.text);
  if (reply.code !== 227 || !match) throw new Error(`not a 227 reply: ${reply.lines.join(' / ')}`);
  const [h1, h2, h3, h4, p1 = 0, p2 = 0] = match.slice(1).map(Number);
  return { host: `${h1}.${h2}.${h3}.${h4}`, port: p1 * 256 + p2 };
}

/** `229 Entering Extended Passive Mode (|||port|)` → port (RFC 2428 §3). */
export function parseEpsvReply(reply: FtpReply): number {
  const match = /\(\|\|\|(\d+)\|\)/.exec(reply.text);
  if (reply.code !== 229 || !match) throw new Error(`not a 229 reply: ${reply.lines.join(' / ')}`);
  return Number(match[1]);
}

export function connectData(port: number, options: { host?: string; localAddress?: string } = {}): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: options.host ?? '127.0.0.1', port, localAddress: options.localAddress });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });
}

/** PASV, then connects to the announced port. */
export async function openPassive(control: ControlClient, options: { localAddress?: string } = {}): Promise<Socket> {
  const { host, port } = parsePasvReply(await control.command('PASV'));
  return await connectData(port, { host, localAddress: options.localAddress });
}

/** Everything the peer sends until it closes the connection. */
export async function receiveAll(socket: Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Writes `data` and half-closes, resolving once the bytes are flushed. */
export async function sendAll(socket: Socket, data: Uint8Array): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.end(data, () => resolve());
  });
}

/** A listener for active mode (PORT/EPRT): the server connects to it for the next transfer. */
export async function listenActive(host = '127.0.0.1'): Promise<{ port: number; accepted: Promise<Socket>; close: () => void }> {
  const server = createServer();
  server.listen({ host, port: 0 });
  await once(server, 'listening');
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  return { port: (server.address() as AddressInfo).port, accepted, close: () => server.close() };
}

/** `h1,h2,h3,h4,p1,p2` for a PORT command. */
export function portArgument(host: string, port: number): string {
  return `${host.replaceAll('.', ',')},${Math.floor(port / 256)},${port % 256}`;
}

/** PASV + a download command (RETR, LIST, NLST, MLSD): checks 150 … 226 and returns the bytes. */
export async function download(control: ControlClient, command: string): Promise<Buffer> {
  const socket = await openPassive(control);
  const received = receiveAll(socket);
  const opening = await control.command(command);
  if (opening.code !== 150) throw new Error(`${command} answered ${opening.lines.join(' / ')}`);
  const data = await received;
  const done = await control.reply();
  if (done.code !== 226) throw new Error(`${command} ended with ${done.lines.join(' / ')}`);
  return data;
}

/** PASV + an upload command (STOR, APPE, STOU): checks 150 … 226. */
export async function upload(control: ControlClient, command: string, data: Uint8Array): Promise<FtpReply> {
  const socket = await openPassive(control);
  socket.on('error', () => undefined);
  const opening = await control.command(command);
  if (opening.code !== 150) throw new Error(`${command} answered ${opening.lines.join(' / ')}`);
  await sendAll(socket, data);
  const done = await control.reply();
  if (done.code !== 226) throw new Error(`${command} ended with ${done.lines.join(' / ')}`);
  return opening;
}
