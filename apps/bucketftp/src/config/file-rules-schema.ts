/**
 * Drop-box rules, the same keys on a user and on each of its mounts (a mount's keys replace the
 * user's below it): `overwrite`, `allowedNames`, `deniedNames`, `maxFileSize`, `hidden`. Enforced
 * by the server package above the drivers (packages/server/src/policy), alike on fs, S3 and GCS.
 */
import type { FileRules } from '@bucketftp/server';
import { z } from 'zod';

/** A file-name glob (`*`, `?`, `[...]`) matched against the last path segment only. */
const nameGlob = z
  .string()
  .min(1)
  .refine((glob) => !glob.includes('/'), 'a name glob matches one name, so it must not contain "/"')
  .refine((glob) => !glob.includes('\0'), 'must not contain NUL');

const globList = z.array(nameGlob);

const UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 };

const SIZE_PROBLEM = 'must be a whole number of bytes (0 or more) or a size such as "10MiB" (B, KiB, MiB, GiB, TiB)';

/** Bytes, as an integer or a string such as `"10MiB"` / `"1.5 GiB"` (binary units). */
const byteSize = z.union([z.number(), z.string()], { error: SIZE_PROBLEM }).transform((value, issue) => {
  const bytes = typeof value === 'number' ? value : parseSize(value);
  if (!Number.isSafeInteger(bytes) || bytes < 0) {
    issue.addIssue({ code: 'custom', message: SIZE_PROBLEM, input: value });
    return z.NEVER;
  }
  return bytes;
});

function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|TiB)?\s*$/.exec(text);
  return match ? Math.floor(Number(match[1]) * (UNITS[match[2] ?? 'B'] ?? 1)) : NaN;
}

export const fileRulesFields = {
  /** false: STOR/APPE/REST+STOR/RNTO onto an existing file is refused (550). Default true. */
  overwrite: z.boolean().optional(),
  /** Only these names may be stored (553). Default: any. */
  allowedNames: globList.min(1).optional(),
  /** These names may never be stored (553). */
  deniedNames: globList.optional(),
  /** Largest file an upload may leave (552). */
  maxFileSize: byteSize.optional(),
  /** Never listed, and answered like missing ones (550). */
  hidden: globList.optional(),
};

/** The rules of a user or mount entry, as the server package takes them. */
export function fileRulesOf(entry: {
  overwrite?: boolean | undefined;
  allowedNames?: string[] | undefined;
  deniedNames?: string[] | undefined;
  maxFileSize?: number | undefined;
  hidden?: string[] | undefined;
}): FileRules {
  const { overwrite, allowedNames, deniedNames, maxFileSize, hidden } = entry;
  return { overwrite, allowedNames, deniedNames, maxFileSize, hidden };
}
