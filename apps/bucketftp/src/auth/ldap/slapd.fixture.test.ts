import { afterEach, describe, expect, it } from 'vitest';
import { startSlapd } from './slapd.fixture.js';

describe('slapd fixture', () => {
  const saved = { slapd: process.env.BUCKETFTP_SLAPD, ci: process.env.CI };
  afterEach(() => {
    for (const [name, value] of [['BUCKETFTP_SLAPD', saved.slapd], ['CI', saved.ci]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('fails, never skips, when slapd is missing', async () => {
    process.env.BUCKETFTP_SLAPD = '/nonexistent/slapd';
    process.env.CI = 'true';
    await expect(startSlapd('')).rejects.toThrow('slapd: /nonexistent/slapd (from the environment) is not an executable file');
  });
});
