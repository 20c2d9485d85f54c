/**
 * Directory listings: objects.list with delimiter `/`, streamed page by page. Objects are files,
 * common prefixes are directories; the directory's own placeholder, the reserved temporary folder
 * and names no path could address are never shown (ObjectKeys.childName).
 */
import { throwIfAborted, type Entry } from '@bucketftp/storage';
import type { GcsContext } from './context.js';
import { rethrowAs } from './errors.js';
import { fileEntry, missingDirectoryError } from './objects.js';
import { fetchPage } from './pages.js';

export async function* listDirectory(ctx: GcsContext, path: string, signal?: AbortSignal): AsyncGenerator<Entry, void, undefined> {
  const prefix = ctx.keys.dir(path);
  const failure = { path, signal };
  let pageToken: string | undefined;
  let firstPage = true;
  // GCS returns names and prefixes in lexicographic order across pages, so a prefix that does not
  // sort after the last one yielded was already yielded: this drops repeats in O(1) memory.
  let lastPrefix = '';
  do {
    throwIfAborted(signal);
    const page = await fetchPage(ctx, { prefix, delimiter: '/', pageToken }).catch(rethrowAs(failure));
    pageToken = page.nextPageToken;
    if (firstPage && path !== '/' && page.objects.length === 0 && page.prefixes.length === 0 && pageToken === undefined) {
      throw await missingDirectoryError(ctx, path, signal);
    }
    firstPage = false;
    for (const object of page.objects) {
      const name = ctx.keys.childName(prefix, object.name ?? '');
      if (name !== undefined) yield fileEntry(name, object);
    }
    for (const subPrefix of page.prefixes) {
      if (subPrefix <= lastPrefix) continue;
      lastPrefix = subPrefix;
      const name = ctx.keys.childName(prefix, subPrefix);
      if (name !== undefined) yield { name, type: 'dir', size: 0 };
    }
  } while (pageToken !== undefined);
}
