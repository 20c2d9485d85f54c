/**
 * Joins a client's data connection to the connection relaying it to its owner, byte for byte in
 * both directions with backpressure. Ends travel as the client made them, because the owner decides
 * from them whether an upload is complete (data/clean-end.ts):
 * - a clean end (FIN) is passed on as a FIN, but only once a zero-byte probe proved that it was not a
 *   reset the kernel reported as an end (the owner's own probe would only reach us);
 * - a reset is passed on as a reset (RST), in either direction, unless the direction it would cut
 *   short has already ended cleanly (the last bytes of a download must still reach the client).
 * Both sockets must be half-open (`allowHalfOpen`).
 */
import type { Socket } from 'node:net';
import { confirmCleanEnd } from '../data/clean-end.js';

/** Resolves once both sockets are closed. */
export function splice(client: Socket, upstream: Socket): Promise<void> {
  let ownerFinished = false; // the owner sent its FIN: every byte it had for the client is on its way
  let uploadEnded = false; // the client's FIN was passed on
  client.pipe(upstream, { end: false });
  upstream.pipe(client, { end: false });

  client.once('end', () => {
    if (ownerFinished) {
      uploadEnded = true;
      upstream.end();
      return;
    }
    confirmCleanEnd(client).then(
      () => {
        uploadEnded = true;
        upstream.end();
      },
      () => abort(upstream),
    );
  });
  upstream.once('end', () => {
    ownerFinished = true;
    client.end();
  });
  client.on('error', () => {
    if (!uploadEnded || !ownerFinished) abort(upstream);
  });
  upstream.on('error', () => {
    if (!ownerFinished) abort(client);
  });
  client.once('close', () => {
    if (!uploadEnded) abort(upstream);
  });
  upstream.once('close', () => {
    if (!ownerFinished) abort(client);
  });
  return Promise.all([closed(client), closed(upstream)]).then(() => undefined);
}

function abort(socket: Socket): void {
  if (socket.destroyed) return;
  // A reset, not a FIN: the far end must not take a cut-off stream for a complete one.
  if (socket.connecting) socket.destroy();
  else socket.resetAndDestroy();
}

function closed(socket: Socket): Promise<void> {
  if (socket.closed) return Promise.resolve();
  return new Promise((resolve) => socket.once('close', () => resolve()));
}
