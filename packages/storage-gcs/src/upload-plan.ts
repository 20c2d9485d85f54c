/**
 * What committing an upload will do, decided from the write mode and the current object before any
 * byte is read: replace the file, or extend a kept head of it (commit.ts carries it out).
 */
import { invalidArgument, type WriteMode } from '@bucketftp/storage';
import type { FileMetadata } from '@google-cloud/storage';
import { generationOf, objectSize } from './objects.js';

export type UploadPlan =
  /** The upload becomes the whole file; `ifGenerationMatch: '0'` when it must still be missing. */
  | { readonly kind: 'replace'; readonly ifGenerationMatch?: string }
  /** Bytes [0, keep) of `base` (the current generation), then the upload. */
  | { readonly kind: 'extend'; readonly keep: number; readonly base: ObjectVersion };

export interface ObjectVersion {
  readonly generation: string | undefined;
  readonly size: number;
}

/**
 * What committing an upload in `mode` will do, given the current object (undefined when there is
 * none). Throws `invalid-argument` for a resume past the end, before any byte is read.
 */
export function planUpload(path: string, mode: WriteMode, existing: FileMetadata | undefined): UploadPlan {
  const base: ObjectVersion | undefined = existing && { generation: generationOf(existing), size: objectSize(existing) };
  switch (mode.kind) {
    case 'create':
      return { kind: 'replace' };
    case 'append':
      // A missing file is created — unless someone else creates it first.
      return base ? { kind: 'extend', keep: base.size, base } : { kind: 'replace', ifGenerationMatch: '0' };
    case 'resume': {
      const size = base?.size ?? 0;
      if (mode.offset > size) throw invalidArgument(`resume offset ${mode.offset} is past the end of ${path} (${size} bytes)`);
      return base && mode.offset > 0 ? { kind: 'extend', keep: mode.offset, base } : { kind: 'replace' };
    }
  }
}
