/**
 * What a login name may become inside LDAP requests: an escaped value in a search filter or in a
 * DN, never syntax. Templates name their placeholders as `{username}`; `fillTemplate` puts an
 * escaped value in each.
 */

/** RFC 4515 §3: `*`, `(`, `)`, `\` and NUL are written as `\` and two hex digits. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (character) => `\\${character.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * RFC 4514 §2.4: `"`, `+`, `,`, `;`, `<`, `>`, `\` anywhere, `#` or a space first, a space last,
 * and NUL are escaped. `=` is escaped as well (allowed by §2.4, and some servers require it).
 */
export function escapeDnValue(value: string): string {
  let escaped = '';
  for (let index = 0; index < value.length; index++) {
    const character = value.charAt(index);
    if (character === '\0') escaped += '\\00';
    else if (character === '=') escaped += '\\3d';
    else if ('"+,;<>\\'.includes(character)) escaped += `\\${character}`;
    else if (index === 0 && (character === '#' || character === ' ')) escaped += `\\${character}`;
    else if (index === value.length - 1 && character === ' ') escaped += '\\ ';
    else escaped += character;
  }
  return escaped;
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_-]*)\}/g;

/** The placeholder names a template uses (`{username}` → `username`). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

/** Each `{name}` replaced by `escape(values[name])`; a name without a value is an error. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>, escape: (value: string) => string): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}}`);
    return escape(value);
  });
}
