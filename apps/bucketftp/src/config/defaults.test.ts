/**
 * The engine's exported defaults are the only ones: the schema fills in exactly those (or leaves the
 * key unset for the engine), and the README's configuration reference states them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_BANS,
  DEFAULT_CLUSTER,
  DEFAULT_LIMITS,
  DEFAULT_PASSIVE,
  DEFAULT_PROXY_PROTOCOL,
  DEFAULT_SERVER_NAME,
  DEFAULT_TLS,
} from '@bucketftp/server';
import { describe, expect, it } from 'vitest';
import { parseConfig } from './load.js';

const README = readFileSync(fileURLToPath(new URL('../../../../README.md', import.meta.url)), 'utf8');

const SECTIONS: Record<string, Readonly<Record<string, unknown>>> = {
  passive: DEFAULT_PASSIVE,
  limits: DEFAULT_LIMITS,
  bans: DEFAULT_BANS,
  tls: DEFAULT_TLS,
  proxyProtocol: DEFAULT_PROXY_PROTOCOL,
};

/** A README default cell's first `code` span as a value: a number, a boolean, `[]` or a string. */
function value(cell: string): unknown {
  const code = /`([^`]*)`/.exec(cell)?.[1];
  if (code === undefined) return undefined;
  if (/^\d+$/.test(code)) return Number(code);
  if (code === 'true' || code === 'false') return code === 'true';
  if (code === '[]') return [];
  return code;
}

/** The `server` table of the configuration reference: key → stated default. */
function serverTable(): Map<string, unknown> {
  const start = README.indexOf('### `server`');
  const table = README.slice(start, README.indexOf('\n### ', start + 1));
  const rows = new Map<string, unknown>();
  for (const match of table.matchAll(/^\| `([\w.]+)` \| ([^|]*) \|/gm)) rows.set(match[1]!, value(match[2]!));
  return rows;
}

/** The keys a section sets, without those left for the engine. */
function given(section: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(section).filter(([, entry]) => entry !== undefined));
}

describe('configuration defaults', () => {
  it('the README states every default the engine exports for the server section', () => {
    const rows = serverTable();
    expect(rows.get('name')).toBe(DEFAULT_SERVER_NAME);
    for (const [section, defaults] of Object.entries(SECTIONS)) {
      for (const [key, expected] of Object.entries(defaults)) {
        expect({ key: `${section}.${key}`, stated: rows.get(`${section}.${key}`) }).toEqual({ key: `${section}.${key}`, stated: expected });
      }
    }
  });

  it('the README states the cluster defaults the engine exports', () => {
    const stated = (key: string) => new RegExp(`^\\s*#?\\s*${key}: (\\S+)\\s+# default\\b`, 'm').exec(README)?.[1];
    expect(Number(stated('relayPort'))).toBe(DEFAULT_CLUSTER.relayPort);
    expect(stated('forwarding') === 'true').toBe(DEFAULT_CLUSTER.forwarding);
  });

  it('a configuration that leaves everything out runs the server with the exported defaults', () => {
    const yaml = [
      'server:',
      '  tls: { certFile: cert.pem, keyFile: key.pem }',
      '  proxyProtocol: { trustedProxies: [10.0.0.0/8] }',
      '  passive: { portRange: { min: 30000, max: 30003 } }',
      'cluster: { replica: 0, slices: 1, peers: [a] }',
      'users: [{ username: alice, passwordHash: "$scrypt$ln=10,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", storage: { driver: fs, root: ./alice } }]',
    ].join('\n');
    const { server, cluster } = parseConfig(yaml, 'test.yaml', { env: {} });
    expect(server.name).toBe(DEFAULT_SERVER_NAME);
    // A limit left unset is filled in by the engine; one the schema fills in must be the same.
    expect({ ...DEFAULT_LIMITS, ...given(server.limits) }).toEqual(DEFAULT_LIMITS);
    const { portRange: _range, ...passive } = server.passive;
    expect({ ...DEFAULT_PASSIVE, ...given(passive) }).toEqual(DEFAULT_PASSIVE);
    expect(server.bans).toEqual(DEFAULT_BANS);
    expect(server.tls).toMatchObject(DEFAULT_TLS);
    expect(server.proxyProtocol).toMatchObject(DEFAULT_PROXY_PROTOCOL);
    expect(cluster).toMatchObject(DEFAULT_CLUSTER);
  });
});
