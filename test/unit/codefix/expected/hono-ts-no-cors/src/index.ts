import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { cors } from 'hono/cors'

const app = new Hono()
app.use('*', cors({
  origin: ['http://localhost:3000'],
  allowHeaders: ['content-type'],
  credentials: true,
  maxAge: 600
}))

app.get('/api/items', (c) => c.json([]))
app.put('/api/items', async (c) => c.json(await c.req.json()))

serve({ fetch: app.fetch, port: 4000 })
