import { describe, expect, it } from 'vitest';
import { LineCounter } from './ftp-client.js';

describe('LineCounter', () => {
  it('counts matching lines split across chunks, the last one without CRLF included', () => {
    const counter = new LineCounter((line) => line.startsWith('file-'));
    for (const chunk of ['file-1\r\nfi', 'le-2\r', '\nother\r\nfile-3']) counter.push(Buffer.from(chunk));
    expect(counter.end()).toBe(3);
  });
});
