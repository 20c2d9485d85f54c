#!/usr/bin/env -S node --max-semi-space-size=2
// V8's young generation capped at 2 MiB per semi-space (default 16): the 256 MiB S3 STOR of the
// benchmark peaked at 145 instead of 168 MiB RSS, idle fell from 88 to 77 MiB, with less CPU per GiB.
// The container image's entrypoint passes the same flag; so does the benchmark (read from this line).
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`bucketftp: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  },
);
