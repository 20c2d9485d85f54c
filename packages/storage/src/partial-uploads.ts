/**
 * The one keep-or-discard decision every driver makes when an upload's source ends early. Under
 * `keep` the bytes received are committed, except when the upload failed for being too large (a
 * `quota` failure, such as a per-user size limit): such a file must never appear, whatever the policy.
 */
import { isStorageError } from './errors.js';
import type { PartialUploadPolicy } from './types.js';

export function keepsPartial(policy: PartialUploadPolicy | undefined, failure: unknown): boolean {
  return policy === 'keep' && !isStorageError(failure, 'quota');
}
