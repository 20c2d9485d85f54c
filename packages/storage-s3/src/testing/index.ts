/** Test support shared with the end-to-end tests: a moto S3 emulator on 127.0.0.1. */
export { startMoto, motoClient, createBucket, createKmsKey, type MotoServer } from './moto.js';
