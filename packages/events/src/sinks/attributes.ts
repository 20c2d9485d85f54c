import type { BucketftpEvent } from '../event.js';

/**
 * The message attributes the queue and topic sinks (sqs, sns, pubsub) set, for subscription filters
 * and routing without parsing the body: `type`, `result` and, when there is one, `user`.
 */
export function eventAttributes(event: BucketftpEvent): Record<string, string> {
  const attributes: Record<string, string> = { type: event.type, result: event.result };
  // SQS and SNS refuse empty attribute values.
  if (event.user !== null && event.user !== '') attributes.user = event.user;
  return attributes;
}
