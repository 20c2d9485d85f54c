/**
 * Wildcard patterns for the last segment of a LIST or NLST argument, as classic servers (vsftpd,
 * wu-ftpd) and clients (`mget *.csv`, `mdelete`) expect them: `*` any run of characters, `?` one
 * character, `[...]` one of a set (`a-z` ranges; `!` or `^` first negates; `]` first is a member).
 * A `[` without its `]` is literal. Names are compared by code point, case-sensitively; `*` also
 * matches a leading dot (like fnmatch, unlike a shell).
 *
 * RFC 959 §4.1.3 leaves the NLST/LIST argument's "file group descriptor" to the server; RFC 3659 §7.2.1
 * forbids wildcards in MLSD/MLST, which therefore never use this.
 *
 * Matching walks the name once per star backtrack (O(name × pattern)), never a backtracking regular
 * expression, so a pattern like `*a*a*a*a*b` cannot stall the server.
 */

type Token =
  | { readonly kind: 'star' }
  | { readonly kind: 'one' }
  | { readonly kind: 'literal'; readonly char: string }
  | { readonly kind: 'set'; readonly negate: boolean; readonly ranges: readonly (readonly [number, number])[] };

export interface NamePattern {
  matches(name: string): boolean;
}

/** The pattern, or undefined when `segment` has no wildcard (it names one entry literally). */
export function parseNamePattern(segment: string): NamePattern | undefined {
  const chars = [...segment];
  const tokens: Token[] = [];
  let wild = false;
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] ?? '';
    if (char === '*') {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
      wild = true;
    } else if (char === '?') {
      tokens.push({ kind: 'one' });
      wild = true;
    } else if (char === '[') {
      const set = parseSet(chars, i + 1);
      if (set) {
        tokens.push(set.token);
        i = set.end;
        wild = true;
      } else {
        tokens.push({ kind: 'literal', char });
      }
    } else {
      tokens.push({ kind: 'literal', char });
    }
  }
  return wild ? { matches: (name) => matchTokens(tokens, [...name]) } : undefined;
}

/**
 * A configured file-name glob (drop-box rules: allowed, denied and hidden names): the same syntax,
 * but a glob without wildcards matches that one name exactly.
 */
export function nameGlob(glob: string): NamePattern {
  return parseNamePattern(glob) ?? { matches: (name) => name === glob };
}

/** A set starting after its `[`: the token and the index of its `]`, or undefined when it is not closed. */
function parseSet(chars: readonly string[], start: number): { token: Token; end: number } | undefined {
  let i = start;
  const negate = chars[i] === '!' || chars[i] === '^';
  if (negate) i++;
  const ranges: [number, number][] = [];
  const first = i;
  while (i < chars.length) {
    const char = chars[i] ?? '';
    if (char === ']' && i > first) return { token: { kind: 'set', negate, ranges }, end: i };
    const low = char.codePointAt(0) ?? 0;
    const dashEnd = chars[i + 2];
    if (chars[i + 1] === '-' && dashEnd !== undefined && dashEnd !== ']') {
      ranges.push([low, dashEnd.codePointAt(0) ?? 0]); // a reversed range matches nothing
      i += 3;
    } else {
      ranges.push([low, low]);
      i++;
    }
  }
  return undefined;
}

function matchOne(token: Token, char: string): boolean {
  switch (token.kind) {
    case 'one':
      return true;
    case 'literal':
      return token.char === char;
    case 'set': {
      const code = char.codePointAt(0) ?? 0;
      const inSet = token.ranges.some(([low, high]) => code >= low && code <= high);
      return inSet !== token.negate;
    }
    case 'star':
      return false;
  }
}

/** Greedy match with one remembered star: on a mismatch, the last star takes one more character. */
function matchTokens(tokens: readonly Token[], name: readonly string[]): boolean {
  let t = 0;
  let n = 0;
  let star = -1;
  let starAt = 0;
  while (n < name.length) {
    const token = tokens[t];
    if (token?.kind === 'star') {
      star = t++;
      starAt = n;
    } else if (token && matchOne(token, name[n] ?? '')) {
      t++;
      n++;
    } else if (star !== -1) {
      t = star + 1;
      n = ++starAt;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}
