import Fastify from 'fastify';
import cors from '@fastify/cors';

const app = Fastify();
await app.register(cors, {
  origin: ['http://localhost:5173', 'http://localhost:3000'],
  allowedHeaders: ['content-type', 'x-api-key'],
  methods: ['GET', 'HEAD', 'POST', 'DELETE'],
});

app.delete('/api/items', async () => ({ ok: true }));

await app.listen({ port: 4000 });
