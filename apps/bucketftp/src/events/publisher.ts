/**
 * Turns the engine's facts (fileOperation, login) into events and hands them to the dispatcher.
 * Synchronous and cheap: it runs on the FTP session's path, and delivery happens elsewhere.
 */
import { randomUUID } from 'node:crypto';
import { EVENT_SCHEMA_VERSION, type BucketftpEvent, type EventDispatcher, type EventStorageLocation } from '@bucketftp/events';
import type { FileOperationEvent } from '@bucketftp/server';
import type { StorageLocation, WriteResult } from '@bucketftp/storage';
import type { AppMetrics } from '../ops/metrics.js';

export interface LoginFact {
  readonly sid: string;
  readonly user: string;
  readonly remoteAddress: string;
  readonly ok: boolean;
  readonly tls: boolean;
}

function storageOf(location: StorageLocation | undefined, write?: WriteResult): EventStorageLocation | undefined {
  if (!location) return undefined;
  return {
    ...location,
    ...(write?.etag === undefined ? {} : { etag: write.etag }),
    ...(write?.versionId === undefined ? {} : { versionId: write.versionId }),
    ...(write?.generation === undefined ? {} : { generation: write.generation }),
  };
}

/** The event for a file or folder operation. */
export function fileEvent(fact: FileOperationEvent, time = new Date()): BucketftpEvent {
  const storage = storageOf(fact.location, fact.write);
  const oldStorage = storageOf(fact.fromLocation);
  return {
    version: EVENT_SCHEMA_VERSION,
    id: randomUUID(),
    type: fact.operation,
    time: time.toISOString(),
    result: 'ok',
    user: fact.user,
    sessionId: fact.sid,
    clientAddress: fact.remoteAddress,
    tls: fact.tls,
    path: fact.path,
    ...(fact.fromPath === undefined ? {} : { oldPath: fact.fromPath }),
    ...(fact.size === undefined ? {} : { size: fact.size }),
    durationMs: fact.durationMs,
    ...(storage ? { storage } : {}),
    ...(oldStorage ? { oldStorage } : {}),
  };
}

export function loginEvent(fact: LoginFact, time = new Date()): BucketftpEvent {
  return {
    version: EVENT_SCHEMA_VERSION,
    id: randomUUID(),
    type: 'login',
    time: time.toISOString(),
    result: fact.ok ? 'ok' : 'failed',
    user: fact.user,
    sessionId: fact.sid,
    clientAddress: fact.remoteAddress,
    tls: fact.tls,
  };
}

export class EventPublisher {
  constructor(
    private readonly dispatcher: EventDispatcher,
    private readonly metrics: AppMetrics,
  ) {}

  fileOperation(fact: FileOperationEvent): void {
    this.publish(fileEvent(fact));
  }

  login(fact: LoginFact): void {
    this.publish(loginEvent(fact));
  }

  private publish(event: BucketftpEvent): void {
    this.metrics.events.inc({ type: event.type });
    this.dispatcher.publish(event);
  }
}
