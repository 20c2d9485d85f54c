export { EVENT_SCHEMA_VERSION, EVENT_TYPES, type BucketftpEvent, type BucketftpEventType, type EventStorageLocation } from './event.js';
export { DeliveryError, type DeliveryErrorOptions, type EventSink, type SinkDeps, type SinkLogger } from './sink.js';
export { commonSinkFields, commonSinkSchema, type CommonSinkConfig } from './sinks/common.js';
export { defineSink, type SinkDefinition } from './sinks/definition.js';
export { createSink, sinkConfigSchema, sinkRegistry, type SinkConfig, type SinkType } from './sinks/registry.js';
export { SIGNATURE_HEADER, TIMESTAMP_HEADER, WebhookSink, signBody, type WebhookSinkConfig } from './sinks/webhook.js';
export { backoffDelay, EventDispatcher, type DeliveryMetrics, type DispatcherDeps, type DropReason, type QueuedSink } from './dispatcher.js';
export { eventFilter, globToRegExp, type EventFilterOptions } from './filter.js';
export { EVENT_SCHEMA_ID, eventJsonSchema, eventSchema } from './event-schema.js';
