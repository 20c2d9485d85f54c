/**
 * Virtual paths as the client sees them: '/'-separated, rooted at the user's home, never above it.
 */

/** Longest pathname argument accepted from a client, in UTF-16 code units. */
export const MAX_PATH_INPUT_LENGTH = 4096;

/**
 * Resolves `input` (absolute or relative) against `cwd` and returns a normalised absolute path: it starts
 * with '/', has no '.', '..' or empty segments and no trailing slash (except the root itself). '..' at the
 * root stays at the root, so no input can climb out. Backslash and '~' are ordinary characters.
 */
export function resolvePath(cwd: string, input: string): string {
  const segments: string[] = [];
  if (!input.startsWith('/')) addSegments(segments, cwd);
  addSegments(segments, input);
  return `/${segments.join('/')}`;
}

function addSegments(segments: string[], path: string): void {
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
}

/** Whether a client-supplied pathname may be used at all: no NUL bytes and not absurdly long. */
export function isAcceptablePathInput(input: string): boolean {
  return input.length <= MAX_PATH_INPUT_LENGTH && !input.includes('\0');
}
