# Taskmaster's facade and workers in one image (docs/deploy.md). Three stages:
#   deps    production dependencies only (npm ci --omit=dev);
#   bundle  the workflow bundle, built once here so that no worker runs webpack at start;
#   final   the runtime: node, the dependencies, the sources (run with tsx, as npm start does), the bundle; non-root.
# The default command is the facade (HTTP API and workflows) with no agents in it; an agent's worker is
#   node --import tsx workers/agent-worker.ts --agent <type>
# as deploy/kubernetes runs it. Configuration: temporal.yaml below, overridden by the environment variables of
# src/config/env-overrides.ts (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TASKMASTER_ENCRYPTION_KEYS, ...).

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM deps AS bundle
COPY tsconfig.json temporal.yaml ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY workers ./workers
RUN node --import tsx src/cli/bundle-workflows.ts --out dist/workflow-bundle.js

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
RUN groupadd --system --gid 10001 taskmaster \
 && useradd --system --uid 10001 --gid taskmaster --home-dir /var/lib/taskmaster --shell /usr/sbin/nologin taskmaster \
 && mkdir -p /var/lib/taskmaster \
 && chown taskmaster:taskmaster /var/lib/taskmaster
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json temporal.yaml ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY workers ./workers
COPY --from=bundle /app/dist/workflow-bundle.js ./dist/workflow-bundle.js
ENV TASKMASTER_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js \
    TASKMASTER_DATA_DIR=/var/lib/taskmaster \
    TASKMASTER_DEV_SERVER_ENABLED=false \
    TASKMASTER_AGENT_PROCESSES=none \
    TASKMASTER_HTTP_HOST=0.0.0.0
USER 10001:10001
EXPOSE 3000
CMD ["node", "--import", "tsx", "src/cli/start.ts"]
