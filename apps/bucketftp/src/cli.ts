/**
 * The `bucketftp` command line:
 *   bucketftp --config FILE          start the server (or BUCKETFTP_CONFIG=FILE)
 *   bucketftp --config FILE --check-config
 *   bucketftp hash-password          read a password on stdin, print its hash
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { hashPassword } from './auth/password-hash.js';
import { ConfigError, loadConfig } from './config/load.js';
import { createLogger } from './logging.js';
import { startServer } from './start.js';

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
                      for a user's passwordHash`;

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
    process.stdout.write(`${file}: configuration is valid (${loaded.config.users.length} users)\n`);
    return 0;
  }
  const logger = createLogger(loaded.config.logging);
  const running = await startServer(loaded, logger);
  return await new Promise<number>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      running.stop().then(
        () => resolve(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
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
