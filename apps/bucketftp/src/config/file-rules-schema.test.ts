import { describe, expect, it } from 'vitest';
import { parseConfig } from './load.js';
import { HASH, problems } from './config.fixture.js';


const withUser = (entry: string) => `users:\n  - username: alice\n    passwordHash: "${HASH}"\n${entry}`;

describe('drop-box rules in the configuration', () => {
  it('are read on a user and on each mount, sizes in bytes or binary units', () => {
    const config = parseConfig(
      withUser(
        [
          '    overwrite: false',
          '    allowedNames: ["*.csv", "*.txt"]',
          '    deniedNames: ["~*"]',
          '    maxFileSize: 10MiB',
          '    hidden: [".*"]',
          '    mounts:',
          '      - { path: /inbox, storage: { driver: fs, root: /srv/inbox }, maxFileSize: 1048576, overwrite: true }',
          '      - { path: /big, storage: { driver: fs, root: /srv/big }, maxFileSize: "1.5 GiB", allowedNames: ["*"] }',
          '',
        ].join('\n'),
      ),
    );
    const user = config.users[0];
    expect(user).toMatchObject({ overwrite: false, allowedNames: ['*.csv', '*.txt'], deniedNames: ['~*'], maxFileSize: 10 * 1024 * 1024, hidden: ['.*'] });
    expect(user?.mounts?.[0]).toMatchObject({ maxFileSize: 1_048_576, overwrite: true });
    expect(user?.mounts?.[0]?.hidden).toBeUndefined();
    expect(user?.mounts?.[1]).toMatchObject({ maxFileSize: 1.5 * 1024 ** 3, allowedNames: ['*'] });
  });

  it('leave every rule unset (open) by default', () => {
    const user = parseConfig(withUser('    storage: { driver: fs, root: /srv/a }\n')).users[0];
    expect(user).not.toHaveProperty('overwrite');
    expect(user).not.toHaveProperty('maxFileSize');
  });

  it('name the key path of every bad value', () => {
    const found = problems(
      withUser(
        [
          '    overwrite: "no"',
          '    allowedNames: []',
          '    deniedNames: ["a/b"]',
          '    maxFileSize: 10 MB',
          '    mounts:',
          '      - { path: /inbox, storage: { driver: fs, root: /srv/inbox }, hidden: [""], maxFileSize: -1 }',
          '',
        ].join('\n'),
      ),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^users\[0\]\.overwrite: /),
        expect.stringMatching(/^users\[0\]\.allowedNames: /),
        'users[0].deniedNames[0]: a name glob matches one name, so it must not contain "/"',
        'users[0].maxFileSize: must be a whole number of bytes (0 or more) or a size such as "10MiB" (B, KiB, MiB, GiB, TiB)',
        expect.stringMatching(/^users\[0\]\.mounts\[0\]\.hidden\[0\]: /),
        expect.stringMatching(/^users\[0\]\.mounts\[0\]\.maxFileSize: must be a whole number/),
      ]),
    );
  });
});
