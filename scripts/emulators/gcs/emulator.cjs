#!/usr/bin/env node
// Google Cloud Storage emulator for the @bucketftp/storage-gcs tests.
//
// It is the Storage emulator that ships inside `firebase-tools`, run in this process: the CLI
// would want Java and a downloaded rules-runtime jar, neither of which the driver needs, because
// every request it makes is an admin (JSON API) request that bypasses security rules.
//
// usage: node scripts/emulators/gcs/emulator.cjs PORT
//   Prints `gcs emulator listening on http://127.0.0.1:PORT` once it accepts connections.
//   SIGTERM / SIGINT stop it and remove its blob directory. Started with an IPC channel (as the
//   test setup does), it also stops when its parent goes away, so no emulator outlives a test run.
//
// It reaches into firebase-tools' internal modules, so the devDependency is pinned to the
// version this was written against (15.34.2). Three adaptations, nothing else:
// - @google-cloud/storage sends copy (rewriteTo/copyTo), PATCH and ACL calls to
//   /storage/v1/b/…, while the emulator mounts those routes only under /b/…: such URLs are
//   rewritten before they reach it;
// - the emulator has no `compose`: a route is added that concatenates the source objects through
//   the emulator's own resumable-upload machinery and stores the result as a new generation;
// - idle keep-alive connections stay open for two minutes (Node's default is 5 s), closer to
//   GCS's front ends: with 5 s, a client reusing a pooled connection just as the server closes
//   it sees a reset.
// Preconditions (ifGenerationMatch) stay ignored, as in the emulator itself.
'use strict';

const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { createRequire } = require('node:module');
const { createServer } = require('node:http');

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  process.stderr.write('usage: emulator.cjs PORT\n');
  process.exit(2);
}

// firebase-tools is a devDependency of packages/storage-gcs; resolve it from there so both a
// hoisted and a nested install work.
const fromPackage = createRequire(join(__dirname, '../../../packages/storage-gcs/package.json'));
const internal = (name) => fromPackage(`firebase-tools/lib/emulator/${name}`);

// The emulator keeps its blobs under os.tmpdir()/firebase/storage and deletes that directory on
// stop: give every process its own, so emulators running side by side never share or delete
// each other's files.
const ownTmp = mkdtempSync(join(tmpdir(), 'bucketftp-gcs-emulator-'));
process.env.TMPDIR = ownTmp;
process.on('exit', () => rmSync(ownTmp, { recursive: true, force: true }));

const { StorageRulesRuntime } = internal('storage/rules/runtime');
StorageRulesRuntime.prototype.start = async () => {};
StorageRulesRuntime.prototype.stop = async () => {};

const storageServer = internal('storage/server');
const { EmulatorRegistry } = internal('registry');
const { StorageEmulator } = internal('storage');
const { CloudStorageObjectMetadata } = internal('storage/metadata');
const { NotFoundError } = internal('storage/errors');
// express as firebase-tools itself resolves it (it is firebase-tools' dependency, not ours).
const express = createRequire(fromPackage.resolve('firebase-tools/package.json'))('express');

const ROUTED_ONLY_UNDER_B = /^\/storage\/v1(\/b\/[^/]+\/o\/[^/]+(\/(rewriteTo|copyTo|acl)\/.*|\/acl)?)$/;

function rewriteJsonApiPaths(req, _res, next) {
  if ((req.method === 'POST' || req.method === 'PATCH') && ROUTED_ONLY_UNDER_B.test(req.path)) {
    req.url = req.url.slice('/storage/v1'.length);
  }
  next();
}

function notFound(res, message) {
  res.status(404).json({ error: { code: 404, message, errors: [{ message, domain: 'global', reason: 'notFound' }] } });
}

/** POST /storage/v1/b/:bucket/o/:object/compose — https://cloud.google.com/storage/docs/json_api/v1/objects/compose */
async function compose(req, res, next) {
  try {
    const emulator = EmulatorRegistry.get('storage');
    const { bucket, object } = req.params;
    const sources = Array.isArray(req.body?.sourceObjects) ? req.body.sourceObjects : [];
    if (sources.length === 0 || sources.length > 32) {
      res.status(400).json({ error: { code: 400, message: 'compose takes 1 to 32 source objects' } });
      return;
    }
    const destination = req.body.destination ?? {};
    const upload = emulator.uploadService.startResumableUpload({
      bucketId: bucket,
      objectId: object,
      metadata: { contentType: destination.contentType ?? 'application/octet-stream', metadata: destination.metadata ?? {} },
      authorization: 'Bearer owner',
    });
    for (const source of sources) {
      let stored;
      try {
        stored = await emulator.adminStorageLayer.getObject({ bucketId: bucket, decodedObjectId: String(source.name) });
      } catch (error) {
        if (error instanceof NotFoundError) {
          emulator.uploadService.cancelResumableUpload(upload.id);
          notFound(res, `No such object: ${bucket}/${source.name}`);
          return;
        }
        throw error;
      }
      emulator.uploadService.continueResumableUpload(upload.id, stored.data);
    }
    emulator.uploadService.finalizeResumableUpload(upload.id);
    const metadata = await emulator.adminStorageLayer.uploadObject(upload);
    res.json(new CloudStorageObjectMetadata(metadata));
  } catch (error) {
    next(error);
  }
}

const createEmulatorApp = storageServer.createApp;
storageServer.createApp = async (...args) => {
  const emulatorApp = await createEmulatorApp(...args);
  const app = express();
  app.use(rewriteJsonApiPaths);
  app.post('/storage/v1/b/:bucket/o/:object/compose', express.json(), compose);
  app.use(emulatorApp);
  app.listen = (...listenArgs) => {
    const server = createServer(app);
    server.keepAliveTimeout = 120_000;
    server.headersTimeout = 125_000;
    return server.listen(...listenArgs);
  };
  return app;
};

let stopping;
function stop() {
  stopping ??= EmulatorRegistry.stop('storage').finally(() => process.exit(0));
}

async function main() {
  const emulator = new StorageEmulator({ projectId: 'demo-bucketftp', host: '127.0.0.1', port, rules: [], auto_download: false });
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (process.send) process.on('disconnect', stop);
  await EmulatorRegistry.start(emulator);
  process.stdout.write(`gcs emulator listening on http://127.0.0.1:${port}\n`);
}

main().catch((error) => {
  process.stderr.write(`gcs emulator failed to start: ${error?.stack ?? error}\n`);
  process.exit(1);
});
