/**
 * The `cluster:` section: several replicas behind one load balancer without sticky sessions (see
 * infra/README.md). The replica's index comes from the host name by default — a StatefulSet pod is
 * named `<name>-<ordinal>` — and the layout is checked against `server.passive` here, so that
 * `--check-config` finds a range that cannot be cut into equal slices before any pod starts.
 */
import { hostname } from 'node:os';
import { DEFAULT_CLUSTER, replicaFromHostname } from '@bucketftp/server';
import { z } from 'zod';
import { addressBlock } from './address-blocks.js';
import type { SchemaContext } from './secrets.js';

const cidrList = z.array(addressBlock());

const peers = z.union(
  [
    z.string().min(1).refine((pattern) => pattern.includes('{replica}'), 'a single name must be a pattern with {replica}, e.g. bucketftp-{replica}.bucketftp-peers'),
    z.array(z.string().min(1)).min(1),
  ],
  { error: 'must be a pattern with {replica} or a list of host names, one per replica' },
);

export function clusterSchema(context: SchemaContext) {
  return z
    .strictObject({
      /** This replica's index; `hostname` reads the trailing -N of the host name (a StatefulSet ordinal). */
      replica: z.union([z.number().int().min(0), z.literal('hostname')]).default('hostname'),
      /** Equal slices of the passive range: the most replicas this layout serves. */
      slices: z.number().int().min(1).max(1000),
      peers,
      /** Where replicas take the data connections relayed to them (pod network only). */
      relayPort: z.number().int().min(1).max(65535).default(DEFAULT_CLUSTER.relayPort),
      /** Address the passive and relay listeners bind; default every address. */
      host: z.string().min(1).optional(),
      /** Addresses allowed to relay to this replica; default: the peers' DNS addresses. */
      trustedPeers: cidrList.min(1).optional(),
      /** false drops data connections that reached the wrong replica (diagnosis only). */
      forwarding: z.boolean().default(DEFAULT_CLUSTER.forwarding),
    })
    .transform((cluster, issue) => {
      if (cluster.replica !== 'hostname') return { ...cluster, replica: cluster.replica };
      const name = context.env.HOSTNAME ?? hostname();
      const replica = replicaFromHostname(name);
      if (replica === undefined) {
        issue.addIssue({ code: 'custom', path: ['replica'], message: `the host name "${name}" does not end in -N (a StatefulSet ordinal); set cluster.replica` });
        return z.NEVER;
      }
      return { ...cluster, replica };
    });
}

export type ClusterConfig = z.output<ReturnType<typeof clusterSchema>>;

interface Issue {
  addIssue(issue: { code: 'custom'; path: PropertyKey[]; message: string }): void;
}

/** The checks that need `server` and `http` too: the range, the slices, and ports that must not collide. */
export function checkClusterLayout(
  cluster: ClusterConfig,
  context: { portRange: { min: number; max: number } | undefined; listenPorts: readonly number[]; httpPort: number | undefined },
  issue: Issue,
): void {
  const { portRange } = context;
  if (!portRange) {
    issue.addIssue({ code: 'custom', path: ['cluster'], message: 'needs server.passive.portRange: the range is cut into one slice per replica' });
    return;
  }
  const size = portRange.max - portRange.min + 1;
  if (size % cluster.slices !== 0) {
    issue.addIssue({
      code: 'custom',
      path: ['cluster', 'slices'],
      message: `server.passive.portRange holds ${size} ports, which cannot be cut into ${cluster.slices} equal slices`,
    });
  }
  if (cluster.replica >= cluster.slices) {
    issue.addIssue({ code: 'custom', path: ['cluster', 'replica'], message: `replica ${cluster.replica} has no slice: slices are numbered 0-${cluster.slices - 1}` });
  }
  const { relayPort } = cluster;
  if (relayPort >= portRange.min && relayPort <= portRange.max) {
    issue.addIssue({ code: 'custom', path: ['cluster', 'relayPort'], message: 'must lie outside server.passive.portRange' });
  }
  if (context.listenPorts.includes(relayPort) || context.httpPort === relayPort) {
    issue.addIssue({ code: 'custom', path: ['cluster', 'relayPort'], message: 'is already used by server.listen or http.port' });
  }
}
