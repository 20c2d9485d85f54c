/**
 * Telling a finished upload from a reset one. In stream mode the end of the data connection is the
 * end of the file (RFC 959 §3.4.1), but when a client resets the connection while bytes are still
 * queued on our side, the kernel hands us those bytes and then a plain end of stream — the reset
 * looks like a clean close. Data connections are therefore half-open (our side stays writable after
 * the client's FIN), and before an upload may count as complete a zero-byte write probes the
 * connection: it succeeds after a FIN and fails (EPIPE/ECONNRESET) after a reset.
 */
import { Transform, type Duplex } from 'node:stream';

export function confirmCleanEnd(socket: Duplex): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed || !socket.writable) {
      reject(Object.assign(new Error('data connection closed before the end of the upload was confirmed'), { code: 'ECONNRESET' }));
      return;
    }
    socket.write(Buffer.alloc(0), (error) => (error ? reject(error) : resolve()));
  });
}

/** Passes the upload's bytes through and ends only once `confirm` (the clean-end check) resolved. */
export function untilCleanEnd(confirm: () => Promise<void>): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, chunk);
    },
    flush(callback) {
      confirm().then(() => callback(), callback);
    },
  });
}
