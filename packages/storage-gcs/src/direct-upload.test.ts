import { describe, expect, it } from 'vitest';
import { directUploadPossible } from './direct-upload.js';

describe('directUploadPossible', () => {
  const google = 'https://storage.googleapis.com';

  it('streams directly when no proxy is configured', () => {
    expect(directUploadPossible(google, {})).toBe(true);
    expect(directUploadPossible(google, { HTTPS_PROXY: '' })).toBe(true);
  });

  it('leaves uploads to the client library behind a proxy, which only it honours', () => {
    expect(directUploadPossible(google, { HTTPS_PROXY: 'http://proxy:3128' })).toBe(false);
    expect(directUploadPossible(google, { https_proxy: 'http://proxy:3128' })).toBe(false);
    expect(directUploadPossible('http://127.0.0.1:4443', { HTTP_PROXY: 'http://proxy:3128' })).toBe(false);
    expect(directUploadPossible(google, { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'example.com,internal' })).toBe(false);
  });

  it('streams directly to an endpoint that NO_PROXY exempts', () => {
    expect(directUploadPossible(google, { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'example.com, .googleapis.com' })).toBe(true);
    expect(directUploadPossible(google, { HTTPS_PROXY: 'http://proxy:3128', no_proxy: '*.googleapis.com' })).toBe(true);
    expect(directUploadPossible('http://127.0.0.1:4443', { HTTP_PROXY: 'http://proxy:3128', NO_PROXY: '127.0.0.1' })).toBe(true);
    expect(directUploadPossible(google, { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: '*' })).toBe(true);
  });
});
