import Fastify from 'fastify';
import cors from '@fastify/cors';
import itemsRoutes from './routes/items.js';
import { requireSession } from './session.js';

const fastify = Fastify({ logger: false });

fastify.addHook('onRequest', requireSession);
await fastify.register(cors, { origin: 'http://localhost:5173', credentials: true });
await fastify.register(itemsRoutes, { prefix: '/api' });

const port = Number(process.env.PORT ?? 4000);
await fastify.listen({ port, host: '127.0.0.1' });
console.log(`items API listening on port ${port}`);
