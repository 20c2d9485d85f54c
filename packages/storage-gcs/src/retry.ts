/** Repeating idempotent requests whose connection was reset before any answer. */
import { isConnectionReset } from './errors.js';

/** Runs an idempotent request, repeating it (up to `attempts` times in all) after a connection reset. */
export async function repeatOnConnectionReset<T>(request: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      if (attempt >= attempts || !isConnectionReset(error)) throw error;
    }
  }
}
