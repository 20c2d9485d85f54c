/**
 * Reads the PROXY header at the start of a connection (spec §2: nothing is processed before a
 * complete, valid header). The socket is left paused with any bytes after the header put back, so
 * the next reader (the session's framer, a TLS handshake, an upload) sees them first.
 */
import type { Socket } from 'node:net';
import { ProxyHeaderReader, type ProxyHeader } from '@bucketftp/protocol';

export type HeaderOutcome = { ok: true; header: ProxyHeader } | { ok: false; reason: string };

export function readProxyHeader(socket: Socket, timeoutMs: number, maxBytes: number): Promise<HeaderOutcome> {
  return new Promise((resolve) => {
    const reader = new ProxyHeaderReader(maxBytes);
    const finish = (outcome: HeaderOutcome, rest?: Buffer) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.pause();
      if (rest && rest.length > 0) socket.unshift(rest);
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      const result = reader.push(chunk);
      if (result.status === 'incomplete') return;
      if (result.status === 'invalid') finish({ ok: false, reason: result.reason });
      else finish({ ok: true, header: result.header }, result.rest);
    };
    const onEnd = () => finish({ ok: false, reason: 'connection closed before the PROXY header' });
    const timer = setTimeout(() => finish({ ok: false, reason: 'no PROXY header in time' }), timeoutMs);
    timer.unref();
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    socket.resume();
  });
}
