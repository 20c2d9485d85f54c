import { describe, expect, it } from 'vitest';
import { peerHost, replicaFromHostname } from './replica-identity.js';

describe('replicaFromHostname', () => {
  it("reads a StatefulSet pod's ordinal from its host name", () => {
    expect(replicaFromHostname('bucketftp-0')).toBe(0);
    expect(replicaFromHostname('ftp-eu-west-12')).toBe(12);
    expect(replicaFromHostname('bucketftp-3.bucketftp-peers.ftp.svc.cluster.local')).toBe(3);
  });

  it('finds none where the name does not end in -N', () => {
    expect(replicaFromHostname('bucketftp')).toBeUndefined();
    expect(replicaFromHostname('bucketftp-7d9f8-x2k4q')).toBeUndefined();
    expect(replicaFromHostname('bucketftp-01')).toBeUndefined();
    expect(replicaFromHostname('')).toBeUndefined();
  });
});

describe('peerHost', () => {
  it('fills a pattern or picks from a list', () => {
    expect(peerHost('bucketftp-{replica}.bucketftp-peers', 2)).toBe('bucketftp-2.bucketftp-peers');
    expect(peerHost(['10.0.0.5', '10.0.0.6'], 1)).toBe('10.0.0.6');
    expect(peerHost(['10.0.0.5'], 1)).toBeUndefined();
  });
});
