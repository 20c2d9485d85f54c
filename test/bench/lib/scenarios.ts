/** Every scenario, in the order a full run goes through them. */
import type { Scenario } from './context.js';
import { concurrent } from '../scenarios/concurrent.js';
import { connectPerFile } from '../scenarios/connect-per-file.js';
import { fsTransfer } from '../scenarios/fs-transfer.js';
import { gcsTransfer } from '../scenarios/gcs-transfer.js';
import { listing } from '../scenarios/listing.js';
import { logins } from '../scenarios/logins.js';
import { s3Transfer } from '../scenarios/s3-transfer.js';
import { smallFiles } from '../scenarios/small-files.js';

export const SCENARIOS: readonly Scenario[] = [fsTransfer, s3Transfer, gcsTransfer, listing, concurrent, smallFiles, connectPerFile, logins];
