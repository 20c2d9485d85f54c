import type { BucketftpEvent } from '../event.js';

// SQS and SNS accept only these characters in a message: #x9 | #xA | #xD | #x20 to #xD7FF |
// #xE000 to #xFFFD | #x10000 to #x10FFFF (the message body is JSON, which escapes the rest).
const NOT_ACCEPTED = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * The message attributes the queue and topic sinks (sqs, sns, pubsub) set, for subscription filters
 * and routing without parsing the body: `type`, `result` and, when there is one, `user` (a
 * character SQS or SNS would refuse becomes U+FFFD).
 */
export function eventAttributes(event: BucketftpEvent): Record<string, string> {
  const attributes: Record<string, string> = { type: event.type, result: event.result };
  // SQS and SNS refuse empty attribute values.
  if (event.user !== null && event.user !== '') attributes.user = event.user.replace(NOT_ACCEPTED, '\uFFFD');
  return attributes;
}
