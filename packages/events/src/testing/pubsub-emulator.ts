/**
 * Starts Google's Pub/Sub emulator (Debian package google-cloud-cli-pubsub-emulator, installed by
 * scripts/install-test-deps.sh) on a free port of 127.0.0.1 for the tests of one file. The jar is
 * run by `java` directly: the `gcloud beta emulators pubsub start` wrapper leaves its java child
 * running when it is stopped. A missing emulator or java is an error, never a skip.
 */
import { answersOk, startEmulatorProcess } from '@bucketftp/storage/testing';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface PubSubEmulator {
  /** `127.0.0.1:PORT`: the `apiEndpoint` (or PUBSUB_EMULATOR_HOST) for @google-cloud/pubsub. */
  readonly host: string;
  /** The emulator accepts any project id; the tests use this one. */
  readonly projectId: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Where the Google Cloud CLI's Debian and archive installs put the emulator. */
const SDK_ROOTS = ['/usr/lib/google-cloud-sdk', '/usr/share/google-cloud-sdk', '/opt/google-cloud-sdk'];
const STARTUP_TIMEOUT_MS = 90_000; // ~7 s on an idle machine, ~20 s on a busy one

/** The emulator's jar: $BUCKETFTP_PUBSUB_EMULATOR_JAR, else the one the Debian package installs. */
export function pubSubEmulatorJar(): string {
  const configured = process.env.BUCKETFTP_PUBSUB_EMULATOR_JAR;
  if (configured !== undefined && configured !== '') {
    if (existsSync(configured)) return configured;
    throw new Error(`BUCKETFTP_PUBSUB_EMULATOR_JAR names ${configured}, which does not exist`);
  }
  for (const root of SDK_ROOTS) {
    const lib = join(root, 'platform', 'pubsub-emulator', 'lib');
    if (!existsSync(lib)) continue;
    const jar = readdirSync(lib).find((name) => /^cloud-pubsub-emulator-.*\.jar$/.test(name));
    if (jar !== undefined) return join(lib, jar);
  }
  const where = `the Pub/Sub emulator (google-cloud-cli-pubsub-emulator) is not installed in ${SDK_ROOTS.join(', ')}`;
  if (process.env.CI === 'true') throw new Error(`${where}; CI must install it before the tests run`);
  throw new Error(`${where}. Install it with: sudo scripts/install-test-deps.sh (or set BUCKETFTP_PUBSUB_EMULATOR_JAR)`);
}

function javaCommand(): string {
  const home = process.env.JAVA_HOME;
  return home !== undefined && home !== '' ? join(home, 'bin', 'java') : 'java';
}

/** Starts the emulator and waits until it answers; `stop()` kills it. */
export async function startPubSubEmulator(): Promise<PubSubEmulator> {
  const jar = pubSubEmulatorJar();
  const emulator = await startEmulatorProcess({
    name: 'the Pub/Sub emulator',
    command: javaCommand(),
    // A small heap and the quick JIT tier: the emulator holds a few messages and starts faster so.
    args: (port) => ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-jar', jar, '--host=127.0.0.1', `--port=${port}`],
    ready: (port) => answersOk(`http://127.0.0.1:${port}/`),
    startTimeoutMs: STARTUP_TIMEOUT_MS,
  });
  return { host: `127.0.0.1:${emulator.port}`, projectId: 'test-project', pid: emulator.pid, stop: () => emulator.stop() };
}
