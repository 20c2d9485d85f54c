import { describe, expect, it } from 'vitest';
import { FilePolicy, OPEN_FILE_POLICY } from './file-policy.js';

describe('FilePolicy', () => {
  it('allows, replaces and shows everything without rules', () => {
    const rules = OPEN_FILE_POLICY.in('/any/dir');
    expect(rules.overwrite).toBe(true);
    expect(rules.maxFileSize).toBeUndefined();
    expect(rules.nameAllowed('x.exe')).toBe(true);
    expect(rules.hides('.git')).toBe(false);
    expect(OPEN_FILE_POLICY.isHidden('/.git/config')).toBe(false);
  });

  it('allows a name only when an allowed glob matches and no denied glob does', () => {
    const rules = new FilePolicy({ allowedNames: ['*.csv', '*.txt'], deniedNames: ['secret*'] }).in('/');
    expect(rules.nameAllowed('report.csv')).toBe(true);
    expect(rules.nameAllowed('notes.txt')).toBe(true);
    expect(rules.nameAllowed('report.xlsx')).toBe(false);
    expect(rules.nameAllowed('secret.csv')).toBe(false);
    expect(rules.nameAllowed('REPORT.CSV')).toBe(false); // case-sensitive
  });

  it('takes a scope key by key over the account (not over an outer scope), for the scope and everything below it', () => {
    const policy = new FilePolicy({ overwrite: false, maxFileSize: 100, deniedNames: ['*.exe'] }, [
      { path: '/inbox', rules: { maxFileSize: 10 } },
      { path: '/inbox/open', rules: { overwrite: true, deniedNames: [] } },
    ]);
    expect(policy.in('/')).toMatchObject({ overwrite: false, maxFileSize: 100 });
    expect(policy.in('/inbox')).toMatchObject({ overwrite: false, maxFileSize: 10 });
    expect(policy.in('/inbox/deep/er')).toMatchObject({ overwrite: false, maxFileSize: 10 });
    expect(policy.in('/inbox/open')).toMatchObject({ overwrite: true, maxFileSize: 100 });
    expect(policy.in('/inbox/open').nameAllowed('a.exe')).toBe(true);
    expect(policy.in('/inbox').nameAllowed('a.exe')).toBe(false);
    expect(policy.in('/inboxes')).toMatchObject({ maxFileSize: 100 }); // a prefix of the name is not inside
  });

  it('hides a path when any of its segments is hidden by the folder holding it', () => {
    const policy = new FilePolicy({ hidden: ['.*'] }, [{ path: '/inbox', rules: { hidden: ['*.tmp'] } }]);
    expect(policy.isHidden('/.ssh')).toBe(true);
    expect(policy.isHidden('/.ssh/id_rsa')).toBe(true);
    expect(policy.isHidden('/docs/.env')).toBe(true);
    expect(policy.isHidden('/docs/a.tmp')).toBe(false);
    expect(policy.isHidden('/inbox')).toBe(false);
    expect(policy.isHidden('/inbox/a.tmp')).toBe(true);
    expect(policy.isHidden('/inbox/.env')).toBe(false); // the scope's own list replaces the account's
    expect(policy.isHidden('/')).toBe(false);
  });

  it('judges a scope point itself by the folder above it', () => {
    const policy = new FilePolicy({}, [{ path: '/private', rules: { hidden: ['private', 'x'] } }]);
    expect(policy.isHidden('/private')).toBe(false);
    expect(policy.isHidden('/private/x')).toBe(true);
  });

  it('refuses a scope path that is not normalised', () => {
    expect(() => new FilePolicy({}, [{ path: 'inbox/', rules: {} }])).toThrow();
  });
});
