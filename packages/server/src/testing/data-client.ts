/**
 * The client end of FTP data connections for tests: passive connects (PASV or EPSV), active-mode
 * listeners, whole-buffer and streamed transfers checked 150 … 226, and TLS under PROT P.
 */
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import { expectReply, type ControlClient, type DataTarget, type FtpReply, type PassiveKind } from './control-client.js';

export { parseEpsvReply, parsePasvReply } from './control-client.js';

export interface DataConnectOptions {
  readonly host?: string;
  /** Local address to connect from (e.g. 127.0.0.2 to look like another host). */
  readonly localAddress?: string;
  readonly noDelay?: boolean;
}

export function connectData(port: number, options: DataConnectOptions = {}): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: options.host ?? '127.0.0.1', port, localAddress: options.localAddress, noDelay: options.noDelay });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });
}

/** PASV (or EPSV), then connects to the announced port. */
export async function openPassive(control: ControlClient, options: { localAddress?: string; kind?: PassiveKind } = {}): Promise<Socket> {
  const { host, port } = await control.passive(options.kind ?? 'PASV');
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

export interface StreamedTransferOptions {
  /** Where the data connection goes (from `control.passive()`); PASV is asked for when absent. */
  readonly target?: DataTarget;
  /** Local address of the data connection; the control connection's when absent. */
  readonly localAddress?: string;
  /** How long to wait for the final reply once the bytes have moved. */
  readonly timeoutMs?: number;
}

/**
 * A transfer whose bytes `move` streams (into a hash, from a generator, ...): connects the data
 * connection, sends `command`, checks 150, runs `move`, checks 226, and closes the data connection.
 */
export async function streamedTransfer<T>(
  control: ControlClient,
  command: string,
  move: (data: Socket) => Promise<T>,
  options: StreamedTransferOptions = {},
): Promise<T> {
  const target = options.target ?? (await control.passive('PASV'));
  const data = await connectData(target.port, { host: target.host, localAddress: options.localAddress ?? control.localAddress, noDelay: true });
  data.on('error', () => undefined);
  try {
    expectReply(await control.command(command), command, 150);
    const result = await move(data);
    expectReply(await control.reply(options.timeoutMs), command, 226);
    return result;
  } finally {
    data.destroy();
  }
}

/** The client side of TLS on a data connection; `session` resumes the control connection's (RFC 4217 §10.2). */
export async function secureDataClient(socket: Socket, session: Buffer | undefined): Promise<TLSSocket> {
  const secure = connectTls({ socket, session, rejectUnauthorized: false });
  await once(secure, 'secureConnect');
  return secure;
}

export interface TlsTransfer {
  readonly data: Buffer;
  /** The client saw its session resumed. */
  readonly resumed: boolean;
}

/** PASV + a download under PROT P: 150, the TLS handshake (after 150, as real clients do it), the bytes, 226. */
export async function downloadTls(control: ControlClient, command: string, session = control.tlsSession): Promise<TlsTransfer> {
  const plain = await openPassive(control);
  const opening = await control.command(command);
  if (opening.code !== 150) throw new Error(`${command} answered ${opening.lines.join(' / ')}`);
  const secure = await secureDataClient(plain, session);
  const resumed = secure.isSessionReused();
  const data = await receiveAll(secure);
  const done = await control.reply();
  if (done.code !== 226) throw new Error(`${command} ended with ${done.lines.join(' / ')}`);
  return { data, resumed };
}

/** PASV + an upload under PROT P, checked 150 … 226. */
export async function uploadTls(control: ControlClient, command: string, content: Uint8Array, session = control.tlsSession): Promise<boolean> {
  const plain = await openPassive(control);
  const opening = await control.command(command);
  if (opening.code !== 150) throw new Error(`${command} answered ${opening.lines.join(' / ')}`);
  const secure = await secureDataClient(plain, session);
  const resumed = secure.isSessionReused();
  await sendAll(secure, content);
  const done = await control.reply();
  if (done.code !== 226) throw new Error(`${command} ended with ${done.lines.join(' / ')}`);
  return resumed;
}

/** AUTH TLS, login, PBSZ 0, PROT P, TYPE I, and waits until the control session can be resumed. */
export async function secureLogin(control: ControlClient, username?: string, password?: string): Promise<void> {
  await control.startTls();
  await control.login(username, password);
  for (const line of ['PBSZ 0', 'PROT P', 'TYPE I']) {
    const reply = await control.command(line);
    if (reply.code !== 200) throw new Error(`${line} answered ${reply.lines.join(' / ')}`);
  }
  await sessionTicket(control);
}

/** TLS 1.3 hands out the resumable session after the handshake; it has arrived once the client has read a reply after it. */
export async function sessionTicket(control: ControlClient): Promise<Buffer> {
  for (let attempt = 0; control.tlsSession === undefined && attempt < 50; attempt++) await control.command('NOOP');
  if (!control.tlsSession) throw new Error('the server never issued a TLS session ticket');
  return control.tlsSession;
}
