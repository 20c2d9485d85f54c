/**
 * TYPE A (ASCII) conversions. RFC 959 §3.1.1.1: on the wire every line ends with CRLF; storage keeps
 * the local convention, LF. Each input chunk yields at most one output buffer, and a chunk that needs no
 * change is passed on as it is.
 */
import { Transform, type TransformCallback } from 'node:stream';

const CR = 0x0d;
const LF = 0x0a;

/** For RETR in ASCII mode: each bare LF becomes CRLF; an existing CRLF is left alone. */
export function lfToCrlf(): Transform {
  let previousWasCR = false;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
      if (chunk.length === 0) {
        callback();
        return;
      }
      let bareLFs = 0;
      for (let at = chunk.indexOf(LF); at !== -1; at = chunk.indexOf(LF, at + 1)) {
        const before = at === 0 ? previousWasCR : chunk[at - 1] === CR;
        if (!before) bareLFs++;
      }
      const startsAfterCR = previousWasCR;
      previousWasCR = chunk[chunk.length - 1] === CR;
      if (bareLFs === 0) {
        callback(null, chunk);
        return;
      }
      const out = Buffer.allocUnsafe(chunk.length + bareLFs);
      let written = 0;
      let copiedUpTo = 0;
      for (let at = chunk.indexOf(LF); at !== -1; at = chunk.indexOf(LF, at + 1)) {
        const before = at === 0 ? startsAfterCR : chunk[at - 1] === CR;
        if (before) continue;
        written += chunk.copy(out, written, copiedUpTo, at);
        out[written++] = CR;
        copiedUpTo = at;
      }
      written += chunk.copy(out, written, copiedUpTo);
      callback(null, out);
    },
  });
}

/**
 * For STOR in ASCII mode: CRLF becomes LF and a lone CR is kept. A CR at the end of a chunk is held
 * until the next chunk shows whether an LF follows (or until the end of the stream).
 */
export function crlfToLf(): Transform {
  let heldCR = false;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
      if (chunk.length === 0) {
        callback();
        return;
      }
      const startsAfterHeldCR = heldCR;
      if (!startsAfterHeldCR && chunk.indexOf(CR) === -1) {
        callback(null, chunk);
        return;
      }
      const out = Buffer.allocUnsafe(chunk.length + 1);
      let written = 0;
      let from = 0;
      if (startsAfterHeldCR && chunk[0] !== LF) out[written++] = CR;
      heldCR = chunk[chunk.length - 1] === CR;
      const end = heldCR ? chunk.length - 1 : chunk.length;
      for (let at = chunk.indexOf(CR); at !== -1 && at < end; at = chunk.indexOf(CR, at + 1)) {
        if (chunk[at + 1] !== LF) continue;
        written += chunk.copy(out, written, from, at);
        from = at + 1;
      }
      written += chunk.copy(out, written, from, end);
      if (written === 0) {
        callback();
        return;
      }
      callback(null, out.subarray(0, written));
    },
    flush(callback: TransformCallback): void {
      if (heldCR) {
        heldCR = false;
        callback(null, Buffer.of(CR));
        return;
      }
      callback();
    },
  });
}
