/**
 * `events:` — where file and login events go. Each entry of `sinks` is one sink, checked by the
 * schema its `type` registered in @bucketftp/events (a discriminated union on `type`), so a new kind
 * of sink needs no change here. Any field of a sink may be given as `{ env: NAME }` or
 * `{ file: PATH }` instead of a string, like the other secrets of the configuration.
 */
import { sinkConfigSchema } from '@bucketftp/events';
import { z } from 'zod';
import { secret, type SchemaContext } from './secrets.js';

function isReference(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'env' || keys[0] === 'file');
}

/** A sink entry with its `{ env }` / `{ file }` fields resolved to strings. */
function resolvedSink(context: SchemaContext) {
  const reference = secret(context, z.string());
  return z
    .unknown()
    .transform((input, issue) => {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
      const output: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(input)) {
        if (!isReference(value)) {
          output[key] = value;
          continue;
        }
        const resolved = reference.safeParse(value);
        if (resolved.success) output[key] = resolved.data;
        else for (const problem of resolved.error.issues) issue.addIssue({ code: 'custom', message: problem.message, path: [key, ...problem.path] });
      }
      return output;
    })
    .pipe(sinkConfigSchema);
}

export function eventsSchema(context: SchemaContext) {
  return z
    .strictObject({
      /** Every sink gets every event its filters let through, each on its own bounded queue. */
      sinks: z.array(resolvedSink(context)).default([]),
    })
    .transform(({ sinks }, issue) => {
      // Default names: the type, numbered from the second sink of a type on (webhook, webhook-2).
      const seen = new Map<string, number>();
      const named = sinks.map((sink, index) => {
        let name = sink.name;
        if (name === undefined) {
          const count = (seen.get(sink.type) ?? 0) + 1;
          seen.set(sink.type, count);
          name = count === 1 ? sink.type : `${sink.type}-${count}`;
        }
        return { ...sink, name, index };
      });
      const names = new Set<string>();
      for (const sink of named) {
        if (names.has(sink.name)) issue.addIssue({ code: 'custom', path: ['sinks', sink.index, 'name'], message: `two sinks are named ${sink.name}` });
        names.add(sink.name);
      }
      return { sinks: named.map(({ index: _index, ...sink }) => sink) };
    })
    .prefault({});
}
