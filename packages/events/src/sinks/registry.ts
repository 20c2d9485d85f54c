import { z } from 'zod';
import type { EventSink, SinkDeps } from '../sink.js';
import type { SinkDefinition } from './definition.js';
import type { CommonSinkConfig } from './common.js';
import { eventBridgeSink } from './eventbridge.js';
import { pubSubSink } from './pubsub.js';
import { snsSink } from './sns.js';
import { sqsSink } from './sqs.js';
import { webhookSink } from './webhook.js';

/**
 * Every kind of sink, by `type`. Adding a sink means one file under sinks/ (a defineSink) and one
 * line here; the app's `events.sinks` schema is built from this registry.
 */
export const sinkRegistry = {
  webhook: webhookSink,
  sqs: sqsSink,
  sns: snsSink,
  eventbridge: eventBridgeSink,
  pubsub: pubSubSink,
} as const;

type Registry = typeof sinkRegistry;
export type SinkType = keyof Registry;
export type SinkConfig = { [K in SinkType]: z.output<Registry[K]['schema']> }[SinkType] & CommonSinkConfig;

const schemas = Object.values(sinkRegistry).map((definition) => definition.schema) as [
  Registry[SinkType]['schema'],
  ...Registry[SinkType]['schema'][],
];

/** One sink's configuration: a union discriminated on `type`. */
export const sinkConfigSchema = z.discriminatedUnion('type', schemas);

/** Builds the sink a configuration describes. */
export function createSink(config: SinkConfig & { name: string }, deps: SinkDeps): EventSink {
  const definition = sinkRegistry[config.type] as unknown as SinkDefinition;
  return definition.create(config, deps);
}
