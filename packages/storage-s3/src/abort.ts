/** Waiting that an AbortSignal can interrupt, without piling listeners onto a long-lived promise. */
import { whenAborted } from '@bucketftp/storage';

/** Settles like `promise`, or rejects with `signal.reason` as soon as `signal` aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined); // the loser's rejection is of no interest
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const stopListening = whenAborted(signal, () => reject(signal.reason as Error));
    promise.then(
      (value) => {
        stopListening();
        resolve(value);
      },
      (error) => {
        stopListening();
        reject(error as Error); // passed on as the caller's promise would have rejected
      },
    );
  });
}
