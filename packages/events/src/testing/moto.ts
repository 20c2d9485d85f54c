/**
 * moto for the AWS sinks' tests: the same server as the S3 driver's (@bucketftp/storage-s3/testing),
 * checked first for the Python module its EventBridge targets need (jsonpath_ng, installed beside
 * moto by scripts/emulators/moto/install.sh). A missing one is an error, never a skip.
 */
import { startMoto, type MotoServer } from '@bucketftp/storage-s3/testing';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type { MotoServer };

/** moto checks no signatures: any region and credentials do (the SDK marks a credentials object it is given: pass a copy). */
export const MOTO_REGION = 'us-east-1';
export const MOTO_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

function assertEventBridgeSupport(): void {
  const dir = process.env.BUCKETFTP_MOTO_DIR ?? '/opt/bucketftp/moto';
  const sitePackages = join(dir, 'usr', 'lib', 'python3', 'dist-packages');
  const systemPackages = '/usr/lib/python3/dist-packages';
  if ([sitePackages, systemPackages].some((root) => existsSync(join(root, 'jsonpath_ng', '__init__.py')))) return;
  const where = `moto in ${dir} lacks jsonpath_ng, without which EventBridge rules deliver nothing`;
  if (process.env.CI === 'true') throw new Error(`${where}; CI must install it before the tests run`);
  throw new Error(`${where}. Install it with: sudo scripts/emulators/moto/install.sh`);
}

/** Starts moto (SQS, SNS and EventBridge on one endpoint). */
export async function startMotoForEvents(): Promise<MotoServer> {
  assertEventBridgeSupport();
  return startMoto();
}
