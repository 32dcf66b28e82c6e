# syntax=docker/dockerfile:1
#
# Kesu's production image: Next's standalone server (`output: "standalone"` in next.config.ts —
# server.js plus only the node_modules the server traces), run as a non-root user, and a second
# target for the one-off database job. compose.yaml wires both; README "Deployment" tells the shape.
#
#   docker build -t kesu .                            # the app (the last stage, `runtime`)
#   docker build --target migrate -t kesu-migrate .   # migrations + the app's database role
#
# NOT BUILT HERE: the machines this was written on reach no image registry (Docker Hub included)
# and run no Docker daemon, so this file has never been built. What was tested is what it ships:
# tests/e2e/two-instances.spec.ts starts the same `.next/standalone/server.js`, with `.next/static`
# and `public` copied beside it exactly as below, next to a second app instance on one database
# (health, pages, sessions, rate limits, workflows, photos); it also checks that every variable
# this file and compose.yaml set is one the app reads. ops/docker/prepare-database.ts (the migrate
# target's command) is the function that spec runs before starting its instance.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- deps: node_modules and the generated Prisma client ---------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# `npm install`, not `npm ci`: the lockfile written on one platform lacks other platforms'
# optional binaries (jieba, swc, tailwind oxide) and `npm ci` refuses it. No dependency needs its
# install script (several would download engines or binaries we do not use), so none runs; the
# project's own postinstall — generating the Prisma client, which needs no engine — runs by name.
RUN npm install --no-audit --no-fund --ignore-scripts \
 && npm run -s db:generate

# ---- build: `next build` → .next/standalone, .next/static --------------------------------------
FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
# The build reads no secrets (the app validates its configuration when it starts, not here).
RUN node_modules/.bin/next build

# ---- migrate: the one-off job compose runs before any app instance (ops/docker/prepare-database.ts)
# It needs tsx, pg and tools/db, which the standalone server does not carry, so it is the
# dependency stage (prisma/migrations included) plus those sources rather than the runtime image.
FROM deps AS migrate
COPY tsconfig.json ./
COPY tools/db ./tools/db
COPY ops/docker ./ops/docker
ENV NODE_ENV=production
USER node
CMD ["node_modules/.bin/tsx", "ops/docker/prepare-database.ts"]

# ---- runtime: the app -------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# HOSTNAME: server.js binds to it, and Docker sets it to the container id — which would bind the
# server to that name's address only. DATA_DIR/uploads is where photos go without UploadThing.
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    DATA_DIR=/data
RUN groupadd --system --gid 1001 kesu \
 && useradd --system --uid 1001 --gid kesu --no-create-home --home-dir /nonexistent kesu \
 && mkdir -p /data/uploads \
 && chown -R kesu:kesu /data
# The code belongs to root and is only readable by the app's user; it may write its photos
# (/data) and Next's cache (.next/cache), nothing else.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
RUN mkdir -p .next/cache && chown kesu:kesu .next/cache
USER kesu
EXPOSE 3000
# /api/health touches nothing (no database): it says the process serves. The slim image has no
# curl or wget; Node 20 has fetch.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The young generation as scripts/start.ts sets it (see serverNodeOptions there); an operator's
# own NODE_OPTIONS replaces it.
ENV NODE_OPTIONS=--max-semi-space-size=64
CMD ["node", "server.js"]
