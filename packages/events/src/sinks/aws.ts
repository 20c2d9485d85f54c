/**
 * What the AWS sinks (sqs, sns, eventbridge) share: the connection settings of their configuration,
 * the classification of SDK failures into retryable or not, and (sqs and sns) the message
 * attributes of an event and the reading of the entries a batch request refused.
 */
import { z } from 'zod';
import type { BucketftpEvent } from '../event.js';
import { DeliveryError } from '../sink.js';
import { eventAttributes } from './attributes.js';
import type { EntryFailure } from './batches.js';

/**
 * Where and as whom a sink talks to AWS. Everything is optional: the SDK's default chain supplies
 * the region (AWS_REGION, the profile) and the credentials (environment, profile, SSO, web identity,
 * the container or instance role).
 */
export const awsConnectionFields = {
  /** Default: the region in the queue URL or ARN, else the SDK's default chain. */
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'an AWS region such as eu-west-1').optional(),
  /** A different endpoint: a VPC endpoint, LocalStack, moto. */
  endpoint: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).optional(),
  /**
   * Static credentials, both or neither (each may be `{ env: NAME }` or `{ file: PATH }` in the
   * app's configuration); prefer the default chain (a role) where there is one.
   */
  accessKeyId: z.string().min(1).optional(),
  secretAccessKey: z.string().min(1).optional(),
  /** With temporary credentials only. */
  sessionToken: z.string().min(1).optional(),
  /** Attempts the SDK makes for one request (its own quick retries of throttling and 5xx). */
  maxAttempts: z.int().min(1).max(10).default(3),
} as const;

export const awsConnectionSchema = z.object(awsConnectionFields);
export type AwsConnectionConfig = z.output<typeof awsConnectionSchema>;

/** For a sink schema's `.refine`: static credentials come as a pair (a session token only with them). */
export function awsCredentialsPaired(config: Pick<AwsConnectionConfig, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>): boolean {
  const paired = (config.accessKeyId === undefined) === (config.secretAccessKey === undefined);
  return paired && (config.sessionToken === undefined || config.accessKeyId !== undefined);
}

export const awsCredentialsProblem = {
  message: 'accessKeyId and secretAccessKey go together (and sessionToken only with them)',
  path: ['secretAccessKey'],
};

/** The SDK client settings for a sink's configuration; `regionHint` comes from its URL or ARN. */
export function awsClientConfig(config: AwsConnectionConfig, regionHint: string | undefined) {
  const region = config.region ?? regionHint;
  return {
    ...(region === undefined ? {} : { region }),
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
    ...(config.accessKeyId === undefined || config.secretAccessKey === undefined
      ? {}
      : {
          credentials: {
            accessKeyId: config.accessKeyId,
            secretAccessKey: config.secretAccessKey,
            ...(config.sessionToken === undefined ? {} : { sessionToken: config.sessionToken }),
          },
        }),
    maxAttempts: config.maxAttempts,
  };
}

/** The region of an ARN (`arn:aws:sns:eu-west-1:123456789012:name`), if it names one. */
export function regionOfArn(arn: string): string | undefined {
  const region = arn.split(':')[3];
  return region === undefined || region === '' ? undefined : region;
}

// Error names and codes the services use for "slow down" and "try again".
const RETRYABLE_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'ProvisionedThroughputExceededException',
  'BandwidthLimitExceeded',
  'SlowDown',
  'KmsThrottled',
  'KMSThrottling',
  'KMSThrottlingException',
  'Throttled',
  'InternalFailure',
  'InternalError',
  'InternalErrorException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  // Expired temporary credentials: the provider fetches new ones for the next attempt.
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

interface SdkErrorFields {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  message?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

function fieldsOf(error: unknown): SdkErrorFields {
  return typeof error === 'object' && error !== null ? error : {};
}

/** The service's error code (or the error's name), and the HTTP status when there was an answer. */
export function awsErrorCode(error: unknown): { code: string; status: number | undefined } {
  const fields = fieldsOf(error);
  const name = typeof fields.name === 'string' ? fields.name : 'Error';
  const code = typeof fields.Code === 'string' ? fields.Code : typeof fields.code === 'string' ? fields.code : name;
  const status = typeof fields.$metadata?.httpStatusCode === 'number' ? fields.$metadata.httpStatusCode : undefined;
  return { code, status };
}

/** Whether another attempt may succeed where `error` failed. */
export function isRetryableAwsError(error: unknown): boolean {
  const fields = fieldsOf(error);
  const { code, status } = awsErrorCode(error);
  const name = typeof fields.name === 'string' ? fields.name : '';
  if (name === 'AbortError' || name === 'TimeoutError') return true;
  if (RETRYABLE_CODES.has(code) || RETRYABLE_CODES.has(name)) return true;
  if (fields.$retryable !== undefined && fields.$retryable !== null) return true;
  if (status !== undefined) return status >= 500 || status === 408 || status === 429;
  // No answer from the service. A missing region or no credentials anywhere in the chain is a
  // configuration problem another attempt will not fix.
  if (name === 'CredentialsProviderError') return false;
  if (typeof fields.message === 'string' && /region is missing/i.test(fields.message)) return false;
  if (NETWORK_CODES.has(code)) return true;
  // Anything else without an HTTP answer is most likely the network.
  return true;
}

/** The DeliveryError for a request that failed as a whole. `what` names the destination. */
export function awsDeliveryError(error: unknown, what: string, signal: AbortSignal): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (signal.aborted) return new DeliveryError(`${what}: timed out or aborted`, { retryable: true, cause: error });
  const { code, status } = awsErrorCode(error);
  // An error body the SDK could not parse (moto answers some JSON-protocol errors in XML): the
  // status is what there is to go by.
  const unreadable = code === 'SyntaxError' && status !== undefined;
  const answer = status === undefined ? code : unreadable ? `HTTP ${status} (unreadable error body)` : `${code} (HTTP ${status})`;
  return new DeliveryError(`${what}: ${answer}`, { retryable: isRetryableAwsError(error), cause: error });
}

/** Whether an entry a batch request refused may be accepted when sent again. */
export function isRetryableEntry(code: string, senderFault: boolean | undefined): boolean {
  return RETRYABLE_CODES.has(code) || senderFault === false;
}

/** An event's attributes as SQS and SNS message attributes (both take the same shape). */
export function messageAttributes(event: BucketftpEvent): Record<string, { DataType: 'String'; StringValue: string }> {
  const attributes: Record<string, { DataType: 'String'; StringValue: string }> = {};
  for (const [key, value] of Object.entries(eventAttributes(event))) attributes[key] = { DataType: 'String', StringValue: value };
  return attributes;
}

/** A refused entry of SendMessageBatch or PublishBatch; its Id is the event's index in the batch. */
export interface RefusedEntry {
  readonly Id?: string | undefined;
  readonly Code?: string | undefined;
  readonly Message?: string | undefined;
  readonly SenderFault?: boolean | undefined;
}

/** The entries an SQS or SNS batch request refused, as the batch sender counts them. */
export function refusedEntries(failed: readonly RefusedEntry[] | undefined): EntryFailure[] {
  return (failed ?? []).map((failure) => ({
    index: Number(failure.Id),
    code: failure.Code ?? 'Unknown',
    ...(failure.Message === undefined ? {} : { message: failure.Message }),
    retryable: isRetryableEntry(failure.Code ?? '', failure.SenderFault),
  }));
}
