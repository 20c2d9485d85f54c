/**
 * A bare FTP session for what no ready-made client does on purpose: an upload whose data connection
 * is reset (RST) part-way, and a listing timed from the command to its first and last byte.
 */
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { ControlClient, type FtpReply } from '@bucketftp/server/testing';
import type { CloudServer } from './cloud-server.js';

async function openSession(server: CloudServer): Promise<ControlClient> {
  const control = await ControlClient.connect({ host: server.host, port: server.port, greeting: true });
  await control.login(server.username, server.password);
  await expectCode(control.command('TYPE I'), 200);
  return control;
}

async function expectCode(pending: Promise<FtpReply>, code: number): Promise<FtpReply> {
  const reply = await pending;
  if (reply.code !== code) throw new Error(`expected ${code}, got ${reply.lines.join(' / ')}`);
  return reply;
}

/** EPSV, the command, the data connection; resolves once the server answered 150. */
async function openTransfer(control: ControlClient, host: string, command: string): Promise<Socket> {
  const { port } = await control.passive('EPSV');
  control.send(command);
  const data = connect({ host, port });
  await once(data, 'connect');
  await expectCode(control.reply(), 150);
  return data;
}

/** Polls STAT (RFC 959 §4.1.3, answered during a transfer) until the server has read `bytes`. */
async function waitUntilServerRead(control: ControlClient, bytes: number): Promise<void> {
  let last = 0;
  for (let attempt = 0; attempt < 3000; attempt++) {
    const status = await control.command('STAT');
    const progress = status.lines.map((line) => /: (\d+) bytes so far/.exec(line)?.[1]).find((value) => value !== undefined);
    last = Number(progress ?? 0);
    if (last >= bytes) return;
    await sleep(10);
  }
  throw new Error(`the server read ${last} bytes, never ${bytes}`);
}

export interface ResetUpload {
  /** The file whose first `bytes` are sent. */
  readonly source: string;
  readonly bytes: number;
  /** e.g. `STOR name` or `APPE name`. */
  readonly command: string;
  /** Sent before the command, each answered 350 (e.g. `REST 1000`). */
  readonly before?: readonly string[];
  /** Runs once the server has read every byte, just before the reset. */
  readonly beforeReset?: () => Promise<void>;
}

/**
 * Sends all of `source` as `command` (e.g. `STOR name`), carrying on while the server may close the
 * data connection early (an upload past maxFileSize); resolves with the server's final reply.
 */
export async function uploadAll(server: CloudServer, source: string, command: string): Promise<FtpReply> {
  const control = await openSession(server);
  try {
    const data = await openTransfer(control, server.host, command);
    const sending = pipeline(createReadStream(source), data).catch(() => undefined);
    const reply = await control.reply(60_000);
    data.destroy();
    await sending;
    return reply;
  } finally {
    control.destroy();
  }
}

/**
 * Sends the first `bytes` of `source`, waits until the server has read them all, then resets the
 * data connection. Resolves with the server's final reply to the upload (RFC 959: 426 expected).
 */
export async function resetUpload(server: CloudServer, upload: ResetUpload): Promise<FtpReply> {
  const control = await openSession(server);
  try {
    for (const line of upload.before ?? []) await expectCode(control.command(line), 350);
    const data = await openTransfer(control, server.host, upload.command);
    for await (const chunk of createReadStream(upload.source, { start: 0, end: upload.bytes - 1 })) {
      if (!data.write(chunk as Buffer)) await once(data, 'drain');
    }
    await waitUntilServerRead(control, upload.bytes);
    await upload.beforeReset?.();
    data.resetAndDestroy();
    return await control.reply(60_000);
  } finally {
    control.destroy();
  }
}

export interface InterruptedUpload {
  /** The file sent whole. */
  readonly source: string;
  /** e.g. `STOR name`. */
  readonly command: string;
  /** Once the server has read this many bytes, `midway` runs before the rest is sent. */
  readonly midwayAt: number;
  readonly midway: () => void | Promise<void>;
}

/**
 * Sends all of `source`, running `midway` part-way (e.g. pausing the backend), closes the data
 * connection and resolves with the final reply and how long it took after the last byte.
 */
export async function interruptedUpload(server: CloudServer, upload: InterruptedUpload): Promise<{ reply: FtpReply; afterLastByteMs: number }> {
  const control = await openSession(server);
  try {
    const data = await openTransfer(control, server.host, upload.command);
    let sent = 0;
    let midwayDone = false;
    for await (const chunk of createReadStream(upload.source)) {
      if (!midwayDone && sent >= upload.midwayAt) {
        await waitUntilServerRead(control, sent);
        await upload.midway();
        midwayDone = true;
      }
      if (!data.write(chunk as Buffer)) await once(data, 'drain');
      sent += (chunk as Buffer).byteLength;
    }
    data.end();
    const lastByte = performance.now();
    const reply = await control.reply(300_000);
    return { reply, afterLastByteMs: performance.now() - lastByte };
  } finally {
    control.destroy();
  }
}

export interface TimedListing {
  /** The lines of the listing, terminators removed. */
  readonly lines: string[];
  /** From sending the command to the first byte on the data connection. */
  readonly firstByteMs: number;
  /** From sending the command to the end of the data connection. */
  readonly totalMs: number;
  /** The final reply (226 expected). */
  readonly reply: FtpReply;
}

/** Runs `command` (LIST/MLSD/NLST path) and times the listing's first and last byte. */
export async function timedListing(server: CloudServer, command: string): Promise<TimedListing> {
  const control = await openSession(server);
  try {
    const { port } = await control.passive('EPSV');
    const started = performance.now();
    control.send(command);
    const data = connect({ host: server.host, port });
    const ended = once(data, 'end');
    let firstByteMs = -1;
    let text = '';
    data.setEncoding('utf8');
    data.on('data', (chunk: string) => {
      if (firstByteMs < 0) firstByteMs = performance.now() - started;
      text += chunk;
    });
    const preliminary = await control.reply(60_000);
    if (preliminary.code !== 150 && preliminary.code !== 125) throw new Error(`${command}: ${preliminary.lines.join(' / ')}`);
    await ended;
    const totalMs = performance.now() - started;
    const reply = await control.reply(60_000);
    const lines = text.split('\r\n');
    if (lines.at(-1) === '') lines.pop();
    return { lines, firstByteMs, totalMs, reply };
  } finally {
    control.destroy();
  }
}
