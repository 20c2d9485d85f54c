/**
 * The directory-rename contract of the object stores. An object store has no rename: every object
 * below the source prefix is copied first (bounded concurrency), and only after every copy exists
 * are the sources deleted.
 *
 * - A failed copy pass removes the copies it made and keeps every source, so the tree is as it was;
 *   the error says how many objects had been copied, and whether any copy could not be removed.
 * - A failed delete pass keeps every byte (all copies exist); the error says how many of the
 *   sources were removed.
 *
 * The messages are the same for every store; the error's kind comes from the store's failure.
 */

export interface DirectoryMove {
  /** Virtual paths, for messages. */
  readonly from: string;
  readonly to: string;
}

export function copyPassFailed(move: DirectoryMove, copied: number, copiesRemoved: boolean): string {
  const copies = copiesRemoved ? 'the copies were removed' : `some copies could not be removed from ${move.to}`;
  return `renaming ${move.from} to ${move.to} failed after ${copied} objects were copied; ${copies} and ${move.from} is unchanged`;
}

export function deletePassFailed(move: DirectoryMove, copied: number, removed: number): string {
  return `${move.from} was copied to ${move.to} (${copied} objects) but only ${removed} originals were removed`;
}
