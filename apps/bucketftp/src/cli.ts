/**
 * The `bucketftp` command line:
 *   bucketftp --config FILE          start the server (or BUCKETFTP_CONFIG=FILE)
 *   bucketftp --config FILE --check-config
 *   bucketftp hash-password          read a password on stdin, print its hash
 * Signals: SIGTERM/SIGINT drain and exit 0, SIGHUP reloads the users file.
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { hashPassword } from './auth/password-hash.js';
import { ConfigError, loadConfig } from './config/load.js';
import { createLogger, type Logger } from './logging.js';
import type { RunningServer } from './start.js';

const USAGE = `Usage:
  bucketftp --config FILE [--check-config]
  bucketftp hash-password < password.txt

Options:
  -c, --config FILE   configuration file (default: $BUCKETFTP_CONFIG)
      --check-config  validate the configuration and exit
  -h, --help          show this help
  -v, --version       show the version

Commands:
  hash-password       read a password from standard input and print its scrypt hash
                      for a user's passwordHash

Signals:
  SIGTERM, SIGINT     stop accepting, let transfers finish (server.shutdownGraceMs), exit 0
  SIGHUP              reload the users file (usersFile) and the TLS certificate`;

export async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        config: { type: 'string', short: 'c' },
        'check-config': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (positionals[0] === 'hash-password') return await hashPasswordCommand();
  if (positionals.length > 0) {
    process.stderr.write(`unknown command: ${positionals[0]}\n\n${USAGE}\n`);
    return 2;
  }
  const file = values.config ?? process.env.BUCKETFTP_CONFIG;
  if (!file) {
    process.stderr.write(`no configuration file: pass --config FILE or set BUCKETFTP_CONFIG\n\n${USAGE}\n`);
    return 2;
  }
  let loaded;
  try {
    loaded = await loadConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (values['check-config']) {
    process.stdout.write(`${file}: configuration is valid (${loaded.users.length} users)\n`);
    return 0;
  }
  // Loaded only to serve: checking a configuration needs none of the storage SDKs.
  const { StartupError, startServer } = await import('./start.js');
  const logger = createLogger(loaded.config.logging);
  let running;
  try {
    running = await startServer(loaded, logger);
  } catch (error) {
    if (!(error instanceof StartupError)) throw error;
    logger.fatal({ err: error }, 'cannot start');
    process.stderr.write(`bucketftp: ${error.message}\n`);
    return 1;
  }
  return await serveUntilSignalled(running, logger);
}

/**
 * SIGTERM/SIGINT: drain and exit 0 (a second signal is only logged: the drain is already bounded
 * by server.shutdownGraceMs). SIGHUP: reload the users file and the TLS certificate.
 */
function serveUntilSignalled(running: RunningServer, logger: Logger): Promise<number> {
  return new Promise<number>((resolve) => {
    const reload = () => {
      running.reloadUsers().then(
        (result) => {
          if (result === undefined) logger.info('SIGHUP: no usersFile is configured; no users to reload');
        },
        (error: unknown) => logger.error({ err: error }, 'users reload failed'),
      );
      running.reloadTls().then(
        (reloaded) => {
          if (reloaded) logger.info('SIGHUP: TLS certificate and key reloaded');
        },
        (error: unknown) => logger.error({ err: error }, 'TLS reload failed; the previous certificate stays in use'),
      );
    };
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) {
        logger.warn({ signal }, 'already shutting down');
        return;
      }
      stopping = true;
      logger.info({ signal }, 'shutting down');
      running.stop().then(
        () => {
          process.off('SIGHUP', reload);
          logger.info('stopped');
          resolve(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGHUP', reload);
  });
}

async function hashPasswordCommand(): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (password === '') {
    process.stderr.write('hash-password: empty password on standard input\n');
    return 1;
  }
  process.stdout.write(`${await hashPassword(password)}\n`);
  return 0;
}

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}
