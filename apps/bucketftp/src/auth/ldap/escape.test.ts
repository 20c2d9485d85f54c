import { describe, expect, it } from 'vitest';
import { groupMatches, normalizeDn, parseDn } from './dn.js';
import { escapeDnValue, escapeFilterValue, fillTemplate, placeholders } from './escape.js';

describe('escapeFilterValue (RFC 4515 §3)', () => {
  it('escapes the filter metacharacters and NUL, nothing else', () => {
    expect(escapeFilterValue('alice')).toBe('alice');
    expect(escapeFilterValue('*')).toBe('\\2a');
    expect(escapeFilterValue('alice)(uid=*')).toBe('alice\\29\\28uid=\\2a');
    expect(escapeFilterValue('a\\b\0c')).toBe('a\\5cb\\00c');
    expect(escapeFilterValue('josé, o+b')).toBe('josé, o+b');
  });
});

describe('escapeDnValue (RFC 4514 §2.4)', () => {
  it('escapes the special characters, a leading # or space and a trailing space', () => {
    expect(escapeDnValue('alice')).toBe('alice');
    expect(escapeDnValue('a,b+c"d\\e<f>g;h=i')).toBe('a\\,b\\+c\\"d\\\\e\\<f\\>g\\;h\\3di');
    expect(escapeDnValue('#1 ')).toBe('\\#1\\ ');
    expect(escapeDnValue(' x')).toBe('\\ x');
    expect(escapeDnValue('a\0b')).toBe('a\\00b');
    expect(escapeDnValue('x#y z')).toBe('x#y z');
  });

  it('round-trips through the DN parser', () => {
    for (const value of ['alice', "o'brien, #1+", ' lead', 'trail ', '#hash', 'a=b', 'back\\slash', 'josé']) {
      expect(parseDn(`uid=${escapeDnValue(value)},dc=example`)).toEqual([[{ type: 'uid', value }], [{ type: 'dc', value: 'example' }]]);
    }
  });
});

describe('fillTemplate', () => {
  it('fills each placeholder with the escaped value and refuses a missing one', () => {
    expect(fillTemplate('(&(uid={username})(member={dn}))', { username: 'a*', dn: 'uid=x' }, escapeFilterValue)).toBe('(&(uid=a\\2a)(member=uid=x))');
    expect(() => fillTemplate('uid={nope}', {}, escapeDnValue)).toThrow('no value for {nope}');
    expect(placeholders('uid={username},ou={ou}')).toEqual(['username', 'ou']);
  });
});

describe('DNs', () => {
  it('normalizes case, spaces around separators, escapes and multi-valued RDNs', () => {
    expect(normalizeDn('CN=Acme Partners , OU=Groups,DC=Example')).toBe('cn=acme partners,ou=groups,dc=example');
    expect(normalizeDn('cn=a\\2cb,dc=x')).toBe(normalizeDn('cn=a\\,b,dc=x'));
    expect(normalizeDn('uid=a+cn=b,dc=x')).toBe(normalizeDn('cn=B+uid=A,dc=x'));
    expect(normalizeDn('')).toBe('');
    expect(normalizeDn('not a dn')).toBeUndefined();
    expect(normalizeDn('cn=a,')).toBeUndefined();
    expect(normalizeDn('cn=a\\')).toBeUndefined();
  });

  it('matches a group by its DN, its first RDN or that RDN’s value, without case', () => {
    const group = 'CN=Acme-Partners,OU=Groups,DC=corp,DC=example,DC=org';
    expect(groupMatches('cn=acme-partners,ou=groups,dc=corp,dc=example,dc=org', group)).toBe(true);
    expect(groupMatches('cn=acme-partners', group)).toBe(true);
    expect(groupMatches('acme-partners', group)).toBe(true);
    expect(groupMatches('acme', group)).toBe(false);
    expect(groupMatches('ou=groups', group)).toBe(false);
    expect(groupMatches('cn=acme-partners,ou=other,dc=corp,dc=example,dc=org', group)).toBe(false);
    expect(groupMatches('cn=acme-partners', 'cn=acme-partners-old,ou=groups')).toBe(false);
  });
});
