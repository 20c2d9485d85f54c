/**
 * The events test kit (`@bucketftp/events/testing`): a real HTTP receiver for sink tests, and the
 * Pub/Sub emulator and moto (SQS, SNS, EventBridge) on 127.0.0.1 for the cloud sinks' tests.
 */
export { TestReceiver, type Answer, type ReceivedRequest } from './receiver.js';
export { pubSubEmulatorJar, startPubSubEmulator, type PubSubEmulator } from './pubsub-emulator.js';
export { MOTO_CREDENTIALS, MOTO_REGION, startMotoForEvents, type MotoServer } from './moto.js';
