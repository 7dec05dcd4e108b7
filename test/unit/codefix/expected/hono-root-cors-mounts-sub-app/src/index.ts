import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { api } from './routes/items.js'
import { requireSession } from './session.js'

const app = new Hono()

app.use('/api/*', cors({ origin: ['http://localhost:3000', 'http://localhost:5173'] }))
app.route('/api', api)

serve({ fetch: app.fetch, port: 4000, hostname: '127.0.0.1' })
