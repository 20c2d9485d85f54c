/**
 * Virtual paths as the client sees them: '/'-separated, rooted at the user's home, never above it.
 */

/** Longest pathname argument accepted from a client, in UTF-16 code units. */
export const MAX_PATH_INPUT_LENGTH = 4096;

/**
 * Resolves `input` (absolute or relative) against `cwd` and returns a normalised absolute path: it starts
 * with '/', has no '.', '..' or empty segments and no trailing slash (except the root itself). '..' at the
 * root stays at the root, so no input can climb out. Backslash and '~' are ordinary characters.
 *
 * The input is put in Unicode NFC first, so "café" sent composed or decomposed names the same file and
 * no client can create look-alike twins. (RFC 2640 §2.2 leaves normalisation open; NFC is what RFC 5198
 * asks of text on the wire.)
 */
export function resolvePath(cwd: string, input: string): string {
  const segments: string[] = [];
  const text = input.normalize('NFC');
  if (!text.startsWith('/')) addSegments(segments, cwd);
  addSegments(segments, text);
  return `/${segments.join('/')}`;
}

function addSegments(segments: string[], path: string): void {
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
}

/**
 * Characters no pathname may contain: C0 and C1 controls and DEL (NUL and CR/LF included), the
 * bidirectional embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069 (an RLO makes
 * "gpj.exe" look like "exe.jpg"), and the Unicode noncharacters U+FDD0–U+FDEF and U+xFFFE/U+xFFFF
 * of every plane. A lone surrogate (not well-formed UTF-16) is refused as well.
 */
const FORBIDDEN_IN_PATH = new RegExp(
  `[\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069\\ud800-\\udfff\\ufdd0-\\ufdef${nonCharacterEnds()}]`,
  'u',
);

function nonCharacterEnds(): string {
  let pattern = '';
  for (let plane = 0; plane <= 0x10; plane++) {
    const base = plane * 0x10000;
    pattern += `\\u{${(base + 0xfffe).toString(16)}}\\u{${(base + 0xffff).toString(16)}}`;
  }
  return pattern;
}

/**
 * Whether a client-supplied pathname may be used at all: not absurdly long, well-formed Unicode, and
 * none of the characters above. A refused pathname is a syntax error in the argument (501, which
 * RFC 959 §5.4 allows for every command that takes a pathname; 553 is only listed for the storing ones).
 */
export function isAcceptablePathInput(input: string): boolean {
  return input.length <= MAX_PATH_INPUT_LENGTH && !FORBIDDEN_IN_PATH.test(input);
}
