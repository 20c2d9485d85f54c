# syntax=docker/dockerfile:1
#
# The bucketftp server. Build stage: the whole workspace and toolchain; runtime stage: production
# dependencies and the compiled dist/ folders only, run by an unprivileged user.
#
#   docker build -t bucketftp .
#   docker run --init --name bucketftp \
#     -p 21:21 -p 30000-30099:30000-30099 -p 127.0.0.1:9090:9090 \
#     -v "$PWD/config.yaml:/etc/bucketftp/config.yaml:ro" bucketftp
#
# The configuration must listen on the ports published here: server.listen port 21, passive
# portRange 30000-30099 with passive.publicAddress set to the address clients reach, and
# http.host 0.0.0.0 (port 9090) if the operations endpoints are scraped from outside the container.
# See "Running it" in README.md.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: compile every package the app needs --------------------------------------------------
FROM ${NODE_IMAGE} AS build
ENV TURBO_TELEMETRY_DISABLED=1
WORKDIR /src
COPY . .
RUN npm ci --ignore-scripts --no-audit --no-fund
RUN npx turbo run build --filter=bucketftp...

# ---- production dependencies: the workspace manifests and `npm ci --omit=dev` ----------------------
FROM ${NODE_IMAGE} AS production-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/protocol/package.json packages/protocol/
COPY packages/events/package.json packages/events/
COPY packages/storage/package.json packages/storage/
COPY packages/storage-fs/package.json packages/storage-fs/
COPY packages/storage-s3/package.json packages/storage-s3/
COPY packages/storage-gcs/package.json packages/storage-gcs/
COPY packages/server/package.json packages/server/
COPY apps/bucketftp/package.json apps/bucketftp/
# Listed as a workspace in the lockfile; it has only devDependencies, so nothing is installed for it.
COPY test/package.json test/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# ---- runtime --------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    BUCKETFTP_CONFIG=/etc/bucketftp/config.yaml \
    BUCKETFTP_HEALTH_URL=http://127.0.0.1:9090/healthz
RUN groupadd --system --gid 10001 bucketftp \
 && useradd --system --uid 10001 --gid bucketftp --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin bucketftp \
 && mkdir -p /etc/bucketftp
WORKDIR /app
COPY --from=production-deps /app ./
COPY --from=build /src/packages/protocol/dist packages/protocol/dist
COPY --from=build /src/packages/events/dist packages/events/dist
COPY --from=build /src/packages/storage/dist packages/storage/dist
COPY --from=build /src/packages/storage-fs/dist packages/storage-fs/dist
COPY --from=build /src/packages/storage-s3/dist packages/storage-s3/dist
COPY --from=build /src/packages/storage-gcs/dist packages/storage-gcs/dist
COPY --from=build /src/packages/server/dist packages/server/dist
COPY --from=build /src/apps/bucketftp/dist apps/bucketftp/dist
COPY apps/bucketftp/bin apps/bucketftp/bin
USER 10001:10001
# 21: FTP control; 30000-30099: passive data ports (server.passive.portRange); 9090: /healthz /readyz /metrics;
# 2122: the relay port replicas hand each other data connections on (cluster.relayPort, cluster mode only).
EXPOSE 21 30000-30099 9090 2122
# No curl in the slim image: Node's fetch probes the operations listener (BUCKETFTP_HEALTH_URL).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(process.env.BUCKETFTP_HEALTH_URL, { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM drains (server.shutdownGraceMs); SIGHUP reloads the users file.
STOPSIGNAL SIGTERM
# The flag is the one on the first line of bin/bucketftp.js (see there).
ENTRYPOINT ["node", "--max-semi-space-size=2", "apps/bucketftp/bin/bucketftp.js"]
