/**
 * A replica's index from its host name: a Kubernetes StatefulSet names its pods `<name>-<ordinal>`
 * (bucketftp-0, bucketftp-1, …), and the pod's host name is that name.
 */

/** The trailing `-N` of a host name (the first label of a fully qualified one), or undefined. */
export function replicaFromHostname(hostname: string): number | undefined {
  const label = hostname.split('.')[0] ?? '';
  const match = /-(0|[1-9]\d{0,5})$/.exec(label);
  return match ? Number(match[1]) : undefined;
}

/** The address of replica `replica`: the list's entry, or the pattern with `{replica}` replaced. */
export function peerHost(peers: string | readonly string[], replica: number): string | undefined {
  if (typeof peers === 'string') return peers.replaceAll('{replica}', String(replica));
  return peers[replica];
}
