/** Test helpers other workspaces' tests use: a real OpenLDAP slapd with a generated directory. */
export { createTestCa, directoryLdif, startSlapd, ADMIN_DN, SUFFIX, type SlapdServer, type TestCa } from './auth/ldap/slapd.fixture.js';
