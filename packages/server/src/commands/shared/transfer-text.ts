import { baseName } from '@bucketftp/storage';
import type { TransferType } from '../../session-state.js';

/** `Opening BINARY mode data connection for tux.gif (1558 bytes).` — the classic 150 wording. */
export function openingText(type: TransferType, path: string, size?: number): string {
  const mode = type === 'ascii' ? 'ASCII' : 'BINARY';
  const suffix = size === undefined ? '' : ` (${size} bytes)`;
  return `Opening ${mode} mode data connection for ${baseName(path)}${suffix}.`;
}
