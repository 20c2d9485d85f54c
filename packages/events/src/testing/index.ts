/** The events test kit (`@bucketftp/events/testing`): a real HTTP receiver for sink tests. */
export { TestReceiver, type Answer, type ReceivedRequest } from './receiver.js';
