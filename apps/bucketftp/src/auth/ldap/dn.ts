/**
 * Distinguished names compared the way a directory would: RFC 4514 string form parsed into RDNs,
 * attribute types and values compared without case (the matching rule of `cn`, `ou`, `dc` and
 * Active Directory's attributes), escapes decoded, spaces around separators ignored.
 */

export interface AttributeValue {
  readonly type: string;
  readonly value: string;
}

/** One RDN: usually one `type=value`, several when joined with `+`. */
export type Rdn = readonly AttributeValue[];

/** `cn=A\, B,ou=groups` → [[{cn, "A, B"}], [{ou, groups}]]; undefined when it is not a DN. */
export function parseDn(text: string): Rdn[] | undefined {
  const rdns: Rdn[] = [];
  let current: AttributeValue[] = [];
  let index = 0;
  const skipSpaces = (): void => {
    while (text.charAt(index) === ' ') index++;
  };
  skipSpaces();
  if (index === text.length) return [];
  for (;;) {
    skipSpaces();
    const equals = text.indexOf('=', index);
    if (equals < 0) return undefined;
    const type = text.slice(index, equals).trim();
    if (!/^([A-Za-z][A-Za-z0-9-]*|\d+(\.\d+)*)$/.test(type)) return undefined;
    index = equals + 1;
    skipSpaces();
    const bytes: number[] = [];
    let trailingSpaces = 0;
    while (index < text.length) {
      const character = text.charAt(index);
      if (character === ',' || character === '+' || character === ';') break;
      if (character === '\\') {
        const pair = text.slice(index + 1, index + 3);
        if (/^[0-9A-Fa-f]{2}$/.test(pair)) {
          bytes.push(Number.parseInt(pair, 16));
          index += 3;
        } else if (index + 1 < text.length) {
          bytes.push(...Buffer.from(text.charAt(index + 1)));
          index += 2;
        } else {
          return undefined;
        }
        trailingSpaces = 0;
        continue;
      }
      bytes.push(...Buffer.from(character));
      trailingSpaces = character === ' ' ? trailingSpaces + 1 : 0;
      index++;
    }
    const value = Buffer.from(bytes.slice(0, bytes.length - trailingSpaces)).toString('utf8');
    current.push({ type: type.toLowerCase(), value });
    const separator = text.charAt(index);
    index++;
    if (separator !== '+') {
      rdns.push(current);
      current = [];
    }
    if (separator === '') return rdns;
  }
}

function normalizeRdn(rdn: Rdn): string {
  return rdn
    .map(({ type, value }) => `${type}=${value.toLowerCase()}`)
    .sort()
    .join('+');
}

/** A canonical string of the DN (for comparing); undefined when it is not a DN. */
export function normalizeDn(text: string): string | undefined {
  return parseDn(text)?.map(normalizeRdn).join(',');
}

/**
 * Whether a group's DN is the group a mapping names. A mapping may name
 * - a whole DN (`cn=acme-partners,ou=groups,dc=example,dc=org`): the same DN;
 * - one RDN (`cn=acme-partners`): the group's first RDN;
 * - a bare name (`acme-partners`): the value of the group's first RDN.
 */
export function groupMatches(wanted: string, groupDn: string): boolean {
  const group = parseDn(groupDn);
  const first = group?.[0];
  if (!group || !first) return false;
  if (!wanted.includes('=')) return first.length === 1 && first[0]?.value.toLowerCase() === wanted.trim().toLowerCase();
  const named = parseDn(wanted);
  if (!named || named.length === 0) return false;
  if (named.length === 1 && named[0]) return normalizeRdn(named[0]) === normalizeRdn(first);
  return named.map(normalizeRdn).join(',') === group.map(normalizeRdn).join(',');
}
