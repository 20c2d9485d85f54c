/**
 * Starts fake-gcs-server (a Go program; scripts/install-test-deps.sh installs it at a pinned version)
 * on a free loopback port for tests. It implements the JSON API the driver uses — compose, rewrite,
 * `ifGenerationMatch` preconditions, chunked resumable uploads — so none of that runs against our own
 * code. A missing or broken emulator is an error, never a reason to skip.
 */
import { answersOk, requireProgram, startEmulatorProcess } from '@bucketftp/storage/testing';

export interface GcsEmulator {
  /** `http://127.0.0.1:PORT`, for `new Storage({ apiEndpoint })`, the driver's `apiEndpoint` or `STORAGE_EMULATOR_HOST`. */
  readonly apiEndpoint: string;
  readonly projectId: string;
  /** The emulator's process id (a test may pause it to simulate a stalled backend). */
  readonly pid: number;
  /** Creates a bucket (like real GCS, the emulator has none until one is created). */
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

const PROJECT_ID = 'demo-bucketftp';

export async function startGcsEmulator(): Promise<GcsEmulator> {
  const command = requireProgram('fake-gcs-server', process.env.BUCKETFTP_FAKE_GCS_SERVER);
  const emulator = await startEmulatorProcess({
    name: 'fake-gcs-server',
    command,
    // memory backend: nothing on disk, nothing shared between emulators running side by side.
    args: (port) => ['-scheme', 'http', '-host', '127.0.0.1', '-port', String(port), '-public-host', `127.0.0.1:${port}`, '-backend', 'memory', '-log-level', 'error'],
    ready: (port) => answersOk(`http://127.0.0.1:${port}/storage/v1/b`),
  });
  const apiEndpoint = `http://127.0.0.1:${emulator.port}`;
  return {
    apiEndpoint,
    projectId: PROJECT_ID,
    pid: emulator.pid,
    createBucket: (name) => createBucket(apiEndpoint, name),
    stop: () => emulator.stop(),
  };
}

async function createBucket(apiEndpoint: string, name: string): Promise<void> {
  const response = await fetch(`${apiEndpoint}/storage/v1/b?project=${PROJECT_ID}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`creating bucket ${name} failed: ${response.status} ${body}`);
}
