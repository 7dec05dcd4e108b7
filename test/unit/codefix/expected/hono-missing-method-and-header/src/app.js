import { Hono } from 'hono';
import { cors } from 'hono/cors';

export const app = new Hono();
app.use('/api/*', cors({ origin: ['http://localhost:3000'], allowHeaders: ['Content-Type', 'x-api-key'], allowMethods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH', 'PURGE'] }));
app.on('PURGE', '/api/items', (c) => c.body(null, 204));
