import { Hono } from 'hono';
import { cors } from 'hono/cors';

const app = new Hono();
app.use('*', cors({ origin: 'http://localhost:3000' }));
app.put('/api/items', (c) => c.json({ ok: true }));

export default app;
