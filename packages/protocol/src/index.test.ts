import { describe, expect, it } from 'vitest';
import * as protocol from './index.js';

describe('@bucketftp/protocol entry point', () => {
  it('exports the whole public API', () => {
    const functions = [
      'LineFramer',
      'parseCommand',
      'formatReply',
      'quotePath',
      'resolvePath',
      'isAcceptablePathInput',
      'formatListLine',
      'formatMlsxLine',
      'formatMdtm',
      'parseTimeVal',
      'splitMfmtArgument',
      'parseMlstFactsOption',
      'formatMlstFeature',
      'isListableName',
      'parsePortArgument',
      'formatPasvAddress',
      'parseEprtArgument',
      'parseEpsvArgument',
      'normalizeAddress',
      'sameHost',
      'lfToCrlf',
      'crlfToLf',
      'parseProxyHeader',
      'detectProxyHeader',
      'ProxyHeaderReader',
      'parseAddressBlock',
      'blockContains',
      'AddressList',
      'parseNamePattern',
    ];
    for (const name of functions) {
      expect(typeof (protocol as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(protocol.SUPPORTED_MLST_FACTS).toEqual(['type', 'size', 'modify', 'perm']);
    expect(protocol.MAX_PATH_INPUT_LENGTH).toBe(4096);
  });
});
