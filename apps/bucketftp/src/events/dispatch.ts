/**
 * The app's event delivery: one sink per `events.sinks` entry, each behind its own bounded queue,
 * counted in Prometheus metrics and logged with pino.
 */
import { createSink, EventDispatcher, type DeliveryMetrics, type SinkConfig } from '@bucketftp/events';
import type { Logger } from '@bucketftp/server';
import type { AppMetrics } from '../ops/metrics.js';

export function deliveryMetrics(metrics: AppMetrics): DeliveryMetrics {
  return {
    delivered: (sink, events) => metrics.eventsDelivered.inc({ sink }, events),
    retried: (sink, events) => metrics.eventsRetried.inc({ sink }, events),
    failed: (sink, events) => metrics.eventsFailed.inc({ sink }, events),
    dropped: (sink, events, reason) => metrics.eventsDropped.inc({ sink, reason }, events),
    queueDepth: (sink, depth) => metrics.eventsQueueDepth.set({ sink }, depth),
    latency: (sink, seconds) => metrics.eventsDeliveryLatency.observe({ sink }, seconds),
  };
}

/** Builds every configured sink and its queue; undefined when no sink is configured. */
export function createEventDispatcher(sinks: readonly (SinkConfig & { name: string })[], log: Logger, metrics: AppMetrics): EventDispatcher | undefined {
  if (sinks.length === 0) return undefined;
  const logger = log.child({ component: 'events' });
  const queued = sinks.map((config) => {
    const sinkLog = logger.child({ sink: config.name });
    const sink = createSink(config, { logger: sinkLog });
    // The counters exist (at 0) from the start, so dashboards and alerts see every sink.
    metrics.eventsDelivered.inc({ sink: config.name }, 0);
    metrics.eventsRetried.inc({ sink: config.name }, 0);
    metrics.eventsFailed.inc({ sink: config.name }, 0);
    for (const reason of ['queue-full', 'shutdown']) metrics.eventsDropped.inc({ sink: config.name, reason }, 0);
    return { sink, options: config };
  });
  logger.info({ sinks: sinks.map((sink) => ({ name: sink.name, type: sink.type })) }, 'event sinks ready');
  return new EventDispatcher(queued, { logger, metrics: deliveryMetrics(metrics) });
}
