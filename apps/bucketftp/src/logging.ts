/**
 * pino JSON logs (one object per line) with the session id and user bound by the engine; pretty
 * output when stdout is a terminal. Passwords are never passed to the logger; the redaction below is
 * a second line of defence.
 */
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

export function createLogger(options: { level: string; pretty?: boolean }): Logger {
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  return pino({
    level: options.level,
    base: { service: 'bucketftp' },
    redact: {
      paths: ['password', '*.password', 'passwordHash', '*.passwordHash', 'secretAccessKey', '*.secretAccessKey', '*.*.secretAccessKey'],
      censor: '****',
    },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard', ignore: 'pid,hostname,service' } } } : {}),
  });
}
