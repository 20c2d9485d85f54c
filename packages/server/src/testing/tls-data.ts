/** Client ends of PROT P data connections for tests: TLS over a passive connection, resuming a session. */
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import type { ControlClient } from './control-client.js';
import { openPassive, receiveAll, sendAll } from './data-client.js';

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
export async function secureLogin(control: ControlClient): Promise<void> {
  await control.startTls();
  await control.login();
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
