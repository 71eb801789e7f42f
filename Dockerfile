# One image for every service; the command chooses the target: `all` (default), `gateway`, `auth`, `user`, …
# Node 24 runs the TypeScript sources directly: there is no build step.
FROM node:24-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0

# Dependencies first, so that a change of source does not reinstall them.
COPY package.json package-lock.json ./
COPY platform/package.json platform/
COPY contracts/package.json contracts/
COPY client/package.json client/
COPY services/auth/package.json services/auth/
COPY services/user/package.json services/user/
COPY services/event/package.json services/event/
COPY services/gateway/package.json services/gateway/
COPY services/resource/package.json services/resource/
COPY services/client/package.json services/client/
COPY services/payment/package.json services/payment/
COPY services/notification/package.json services/notification/
COPY services/console/package.json services/console/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY bin bin
COPY platform platform
COPY contracts contracts
COPY client client
COPY services services

USER node
EXPOSE 8080 8081 8082 8083 8084 8085 8086 8088
ENTRYPOINT ["node", "bin/style-flow.ts"]
CMD ["all"]
