/**
 * The event's JSON form as a zod schema: the source of schemas/event.v1.json (schema.test.ts keeps
 * the committed file equal to what this generates) and a check receivers and tests can run.
 */
import { z } from 'zod';
import { EVENT_TYPES, type BucketftpEvent, type EventStorageLocation } from './event.js';

export const EVENT_SCHEMA_ID = 'urn:bucketftp:schema:event:v1';

const storageLocationSchema = z
  .strictObject({
    driver: z.string().meta({ description: 'The storage driver: fs, s3, gcs or memory.' }),
    bucket: z.string().optional().meta({ description: 'The bucket (object stores only).' }),
    key: z.string().meta({ description: 'The object key (S3), object name (GCS) or absolute file path (fs). Folders end in / on object stores.' }),
    url: z.string().meta({ description: 's3://bucket/key, gs://bucket/name or file:///path.' }),
    etag: z.string().optional().meta({ description: "The object's ETag as the store returned it with the commit (uploads)." }),
    versionId: z.string().optional().meta({ description: 'S3 version id of the committed object (versioned buckets, uploads).' }),
    generation: z.string().optional().meta({ description: 'GCS generation of the committed object (uploads).' }),
  })
  .meta({ description: 'Where the bytes live.' });

export const eventSchema = z
  .strictObject({
    version: z.literal(1).meta({ description: 'Schema version: 1 for this schema.' }),
    id: z.string().min(1).meta({ description: 'Unique per event (a UUID). Delivery is at least once: de-duplicate on it.' }),
    type: z.enum(EVENT_TYPES).meta({ description: 'What happened.' }),
    time: z.iso.datetime().meta({ description: 'When it happened (the end of the operation), ISO 8601 in UTC.' }),
    result: z.enum(['ok', 'failed']).meta({ description: 'ok; failed only for login events.' }),
    user: z.string().nullable().meta({ description: 'The FTP user; for a failed login the name that was tried.' }),
    sessionId: z.string().meta({ description: 'The FTP session (control connection), as in the server logs (sid).' }),
    clientAddress: z.string().meta({ description: "The client's IP address (the PROXY header's source behind a load balancer)." }),
    tls: z.boolean().meta({ description: 'Whether the control connection was protected by TLS.' }),
    path: z.string().optional().meta({ description: 'The virtual (FTP) path; absent for login events. For rename: the new path.' }),
    oldPath: z.string().optional().meta({ description: 'rename: the path before.' }),
    size: z.int().min(0).optional().meta({ description: 'upload: the committed file size in bytes (for APPE and REST + STOR the whole file); download: the bytes sent.' }),
    durationMs: z.int().min(0).optional().meta({ description: 'How long the operation took, in milliseconds.' }),
    storage: storageLocationSchema.optional(),
    oldStorage: storageLocationSchema.optional().meta({ description: 'rename: where the bytes lived before.' }),
  })
  .meta({ title: 'bucketftp event', description: 'One fact, reported after it happened: a committed upload, a finished download, a delete, a rename, a folder made or removed, a login.' });

// The interfaces in event.ts and this schema describe the same thing.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameEvent: Same<Readonly<z.output<typeof eventSchema>>, BucketftpEvent> = true;
const sameLocation: Same<Readonly<z.output<typeof storageLocationSchema>>, EventStorageLocation> = true;
void sameEvent;
void sameLocation;

/** The JSON Schema (draft 2020-12) of an event, as committed in schemas/event.v1.json. */
export function eventJsonSchema(): Record<string, unknown> {
  return { $id: EVENT_SCHEMA_ID, ...z.toJSONSchema(eventSchema, { target: 'draft-2020-12' }) };
}
