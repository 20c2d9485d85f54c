import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './load.js';
import { HASH } from './config.fixture.js';

const USERS = `users:\n  - username: alice\n    passwordHash: "${HASH}"\n    storage: { driver: fs, root: ./alice }\n`;
const SERVER = `server:\n  listen: [{ host: 0.0.0.0, port: 2121 }]\n  passive: { portRange: { min: 30000, max: 30039 }, publicAddress: 203.0.113.10 }\n`;

function parse(yaml: string, env: Record<string, string> = {}) {
  return parseConfig(yaml, 'test.yaml', { env });
}

function problems(yaml: string, env: Record<string, string> = {}): readonly string[] {
  try {
    parse(yaml, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('the cluster section', () => {
  it('is absent by default: a single instance', () => {
    expect(parse(`${SERVER}${USERS}`).cluster).toBeUndefined();
  });

  it("takes the replica from the host name's StatefulSet ordinal, and fills in defaults", () => {
    const config = parse(`${SERVER}cluster:\n  slices: 4\n  peers: "bucketftp-{replica}.bucketftp-peers"\n${USERS}`, { HOSTNAME: 'bucketftp-2' });
    expect(config.cluster).toEqual({ replica: 2, slices: 4, peers: 'bucketftp-{replica}.bucketftp-peers', relayPort: 2122, forwarding: true });
  });

  it('takes an explicit replica, a list of peers and trusted peer blocks', () => {
    const config = parse(`${SERVER}cluster:\n  replica: 1\n  slices: 2\n  peers: [10.0.0.5, 10.0.0.6]\n  relayPort: 7000\n  trustedPeers: [10.0.0.0/24]\n${USERS}`);
    expect(config.cluster).toMatchObject({ replica: 1, slices: 2, peers: ['10.0.0.5', '10.0.0.6'], relayPort: 7000, trustedPeers: ['10.0.0.0/24'] });
  });

  it.each([
    ['a host name without an ordinal', `${SERVER}cluster: { slices: 4, peers: "p-{replica}" }\n`, { HOSTNAME: 'ftp-box' }, 'cluster.replica: the host name "ftp-box" does not end in -N'],
    ['no passive range', `cluster: { replica: 0, slices: 1, peers: [a] }\n`, {}, 'cluster: needs server.passive.portRange'],
    ['a range that does not cut evenly', `${SERVER}cluster: { replica: 0, slices: 3, peers: "p-{replica}" }\n`, {}, 'cluster.slices: server.passive.portRange holds 40 ports, which cannot be cut into 3 equal slices'],
    ['a replica beyond the slices', `${SERVER}cluster: { replica: 4, slices: 4, peers: "p-{replica}" }\n`, {}, 'cluster.replica: replica 4 has no slice'],
    ['a relay port inside the range', `${SERVER}cluster: { replica: 0, slices: 4, peers: "p-{replica}", relayPort: 30010 }\n`, {}, 'cluster.relayPort: must lie outside server.passive.portRange'],
    ['a relay port taken by the control listener', `${SERVER}cluster: { replica: 0, slices: 4, peers: "p-{replica}", relayPort: 2121 }\n`, {}, 'cluster.relayPort: is already used'],
    ['a peer name that is no pattern', `${SERVER}cluster: { replica: 0, slices: 4, peers: bucketftp }\n`, {}, 'cluster.peers'],
    ['no slices', `${SERVER}cluster: { replica: 0, peers: "p-{replica}" }\n`, {}, 'cluster.slices: required'],
    ['a trusted peer that is no address', `${SERVER}cluster: { replica: 0, slices: 4, peers: "p-{replica}", trustedPeers: [pods] }\n`, {}, 'cluster.trustedPeers[0]'],
  ])('rejects %s', (_name, yaml, env, expected) => {
    const found = problems(`${yaml}${USERS}`, env);
    expect(found.some((problem) => problem.includes(expected)), found.join('\n')).toBe(true);
  });
});
