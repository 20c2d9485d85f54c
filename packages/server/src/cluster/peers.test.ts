import { describe, expect, it } from 'vitest';
import { Peers } from './peers.js';

describe('Peers', () => {
  it("trusts the peers' DNS addresses, looked up for every slice of the pattern, and nobody else", async () => {
    const asked: string[] = [];
    const records: Record<string, string[]> = { 'ftp-0.peers': ['10.0.0.10'], 'ftp-1.peers': ['10.0.0.11', 'fd00::11'] };
    const peers = new Peers({
      peers: 'ftp-{replica}.peers',
      slices: 3,
      resolve: async (host) => {
        asked.push(host);
        const found = records[host];
        if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
        return found;
      },
    });
    expect(peers.hostOf(2)).toBe('ftp-2.peers');
    expect(await peers.trusts('10.0.0.11')).toBe(true);
    expect(await peers.trusts('::ffff:10.0.0.10')).toBe(true);
    expect(await peers.trusts('FD00:0:0::11')).toBe(true);
    expect(asked.sort()).toEqual(['ftp-0.peers', 'ftp-1.peers', 'ftp-2.peers']);
    // An unknown address does not make every knock a DNS storm: at most one refresh a second.
    expect(await peers.trusts('10.0.0.99')).toBe(false);
    expect(await peers.trusts('10.0.0.98')).toBe(false);
    expect(asked).toHaveLength(3);
  });

  it('looks again when an unknown address knocks after a while (a pod moved)', async () => {
    let address = '10.0.0.10';
    const peers = new Peers({ peers: ['ftp-0'], slices: 1, resolve: async () => [address] });
    expect(await peers.trusts('10.0.0.10')).toBe(true);
    address = '10.0.0.20';
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await peers.trusts('10.0.0.20')).toBe(true);
    expect(await peers.trusts('10.0.0.10')).toBe(false);
  });

  it('trusts configured CIDR blocks instead, without asking DNS', async () => {
    const peers = new Peers({ peers: 'ftp-{replica}', slices: 2, trusted: ['10.8.0.0/16'], resolve: () => Promise.reject(new Error('no DNS here')) });
    expect(await peers.trusts('10.8.3.4')).toBe(true);
    expect(await peers.trusts('10.9.0.1')).toBe(false);
  });
});
