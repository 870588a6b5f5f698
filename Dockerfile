# syntax=docker/dockerfile:1
# newsbot: build stage compiles nodejieba (native) and the TypeScript; the runtime stage holds only
# production dependencies, the compiled code and the corpus. Build and run (podman or docker):
#   podman --runtime runc build --network host -t newsbot .
#   printf '聊城有多少家单项冠军企业？\n' | podman --runtime runc run --rm -i newsbot      # console chat
#   podman --runtime runc run -d -e BOT_TOKEN=... -v newsbot-corpus:/app/corpus newsbot   # the bot

FROM node:22-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
# npm ci runs `prepare` (tsc + the English–Chinese table); nodejieba builds from source here.
RUN npm ci && npm prune --omit=dev

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    CORPUS_DIR=/app/corpus \
    PORT=8080
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node corpus ./corpus
USER node
# Editors' uploads and the index snapshot live in the corpus folder: keep it on a volume.
VOLUME ["/app/corpus"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node dist/healthcheck.js || exit 1
CMD ["node", "dist/main.js"]
