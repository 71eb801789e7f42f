// `node bench/bare-fastify.ts <port>`: the floor of a Fastify service on this machine, in a process of its own: one
// GET route answering a small JSON, Fastify's defaults, no logging, no database.
import fastify from 'fastify';

const app = fastify({ logger: false });
app.get('/health', async () => ({ status: 'ok' }));
await app.listen({ host: '127.0.0.1', port: Number(process.argv[2]) });
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, () => void app.close().then(() => process.exit(0)));
