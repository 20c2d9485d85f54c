import type { z } from 'zod';
import type { EventSink, SinkDeps } from '../sink.js';

/**
 * A kind of sink: the schema of its configuration (a strictObject with a `type` literal that spreads
 * commonSinkFields) and a factory. `create` gets the parsed configuration, `name` already filled in.
 */
export interface SinkDefinition<S extends z.ZodObject = z.ZodObject> {
  readonly schema: S;
  create(config: z.output<S> & { name: string }, deps: SinkDeps): EventSink;
}

/** Checks a definition's shape while keeping its schema's exact type. */
export function defineSink<S extends z.ZodObject>(definition: SinkDefinition<S>): SinkDefinition<S> {
  return definition;
}
