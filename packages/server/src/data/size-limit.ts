import { Transform } from 'node:stream';

/**
 * Passes an upload's bytes through until more than `maxBytes` have come, then fails with the error
 * `tooLarge` makes (after `onExceeded` saw it), so storage never sees the end of an oversized file.
 */
export function sizeLimit(maxBytes: number, tooLarge: () => Error, onExceeded: (error: Error) => void): Transform {
  let received = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.byteLength;
      if (received <= maxBytes) {
        callback(null, chunk);
        return;
      }
      const error = tooLarge();
      onExceeded(error);
      callback(error);
    },
  });
}
