import { describe, expect, it } from 'vitest';
import { awsDeliveryError, isRetryableAwsError, isRetryableEntry, regionOfArn } from './aws.js';

/** An error shaped as the SDK's ServiceException. */
function serviceError(name: string, status: number | undefined): Error {
  return Object.assign(new Error(name), { name, $metadata: status === undefined ? {} : { httpStatusCode: status } });
}

describe('AWS error classification', () => {
  it('retries throttling, server errors and the network', () => {
    expect(isRetryableAwsError(serviceError('ThrottlingException', 400))).toBe(true);
    expect(isRetryableAwsError(serviceError('RequestThrottled', 403))).toBe(true);
    expect(isRetryableAwsError(serviceError('InternalFailure', 500))).toBe(true);
    expect(isRetryableAwsError(serviceError('SomethingNew', 503))).toBe(true);
    expect(isRetryableAwsError(serviceError('SomethingNew', 429))).toBe(true);
    expect(isRetryableAwsError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isRetryableAwsError(serviceError('ExpiredTokenException', 400))).toBe(true);
  });

  it('does not retry access denied, missing destinations or configuration errors', () => {
    expect(isRetryableAwsError(serviceError('AccessDeniedException', 400))).toBe(false);
    expect(isRetryableAwsError(serviceError('AuthorizationError', 403))).toBe(false);
    expect(isRetryableAwsError(serviceError('QueueDoesNotExist', 400))).toBe(false);
    expect(isRetryableAwsError(serviceError('NotFoundException', 404))).toBe(false);
    expect(isRetryableAwsError(serviceError('ResourceNotFoundException', 400))).toBe(false);
    expect(isRetryableAwsError(serviceError('CredentialsProviderError', undefined))).toBe(false);
    expect(isRetryableAwsError(new Error('Region is missing'))).toBe(false);
  });

  it('names the code and status in the DeliveryError; an aborted attempt is retryable', () => {
    const error = awsDeliveryError(serviceError('AccessDenied', 403), 'SQS queue q', new AbortController().signal);
    expect(error).toMatchObject({ message: 'SQS queue q: AccessDenied (HTTP 403)', retryable: false });
    expect(awsDeliveryError(serviceError('AbortError', undefined), 'q', AbortSignal.abort())).toMatchObject({ retryable: true });
  });

  it('retries entries the service failed, not those the sender got wrong', () => {
    expect(isRetryableEntry('InternalError', false)).toBe(true);
    expect(isRetryableEntry('InvalidParameterValue', true)).toBe(false);
    expect(isRetryableEntry('ThrottlingException', undefined)).toBe(true);
    expect(isRetryableEntry('MalformedDetail', undefined)).toBe(false);
  });

  it('reads the region of an ARN', () => {
    expect(regionOfArn('arn:aws:sns:eu-west-1:123456789012:t')).toBe('eu-west-1');
    expect(regionOfArn('arn:aws:events:::event-bus/x')).toBeUndefined();
  });
});

describe('AWS sink credentials', () => {
  it('takes static credentials as a pair, or none for the default chain', async () => {
    const { sqsSink } = await import('./sqs.js');
    const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/q';
    expect(sqsSink.schema.safeParse({ type: 'sqs', queueUrl }).success).toBe(true);
    expect(sqsSink.schema.safeParse({ type: 'sqs', queueUrl, accessKeyId: 'AKIA', secretAccessKey: 's' }).success).toBe(true);
    const alone = sqsSink.schema.safeParse({ type: 'sqs', queueUrl, accessKeyId: 'AKIA' });
    expect(alone.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['secretAccessKey']);
    expect(sqsSink.schema.safeParse({ type: 'sqs', queueUrl, sessionToken: 't' }).success).toBe(false);
  });
});
