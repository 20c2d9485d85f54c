/** A Logger that keeps every entry (with the fields of its child bindings) for assertions. */
import type { Logger } from '../logger.js';

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

export function recordingLogger(entries: LogEntry[] = [], bindings: Record<string, unknown> = {}): Logger & { entries: LogEntry[] } {
  const log =
    (level: LogEntry['level']) =>
    (first: Record<string, unknown> | string, message?: string): void => {
      if (typeof first === 'string') entries.push({ level, message: first, fields: { ...bindings } });
      else entries.push({ level, message: message ?? '', fields: { ...bindings, ...first } });
    };
  return {
    entries,
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (more) => recordingLogger(entries, { ...bindings, ...more }),
  };
}
