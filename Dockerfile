# syntax=docker/dockerfile:1

# --- build: full dependencies, compile TypeScript to dist/ ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Manifests first, so the dependency layer is reused while only sources change.
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
# dist/src/{main,worker,cli}.js and dist/migrations/*.js
RUN npm run build

# --- runtime: production dependencies and compiled code only ---
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# argon2 loads its bundled prebuilt binary, so no compiler is needed here.
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
# Files stay owned by root: the app cannot modify its own code.
USER node
EXPOSE 3000
# Same image for the API (default), the worker (dist/src/worker.js) and migrations (dist/src/cli.js migrate).
# No HEALTHCHECK: it would apply to the worker and migrate too; compose checks the API.
CMD ["node", "dist/src/main.js"]
