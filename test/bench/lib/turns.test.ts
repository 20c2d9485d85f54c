import { describe, expect, it } from 'vitest';
import { inTurn } from './turns.js';

describe('inTurn', () => {
  it('rotates the contestants by one place per run, back to the start after all places', () => {
    const contestants = ['bucketftp', 'pyftpdlib', 'sftpgo'];
    expect(inTurn(contestants, 1)).toEqual(['bucketftp', 'pyftpdlib', 'sftpgo']);
    expect(inTurn(contestants, 2)).toEqual(['pyftpdlib', 'sftpgo', 'bucketftp']);
    expect(inTurn(contestants, 3)).toEqual(['sftpgo', 'bucketftp', 'pyftpdlib']);
    expect(inTurn(contestants, 4)).toEqual(['bucketftp', 'pyftpdlib', 'sftpgo']);
  });

  it('gives each contestant every place once over as many runs as contestants', () => {
    const contestants = ['a', 'b', 'c', 'd'];
    for (const name of contestants) {
      const places = [1, 2, 3, 4].map((run) => inTurn(contestants, run).indexOf(name));
      expect(new Set(places).size).toBe(4);
    }
  });

  it('leaves the list it was given as it was, and copes with none', () => {
    const contestants = ['a', 'b'];
    inTurn(contestants, 2);
    expect(contestants).toEqual(['a', 'b']);
    expect(inTurn([], 3)).toEqual([]);
  });
});
