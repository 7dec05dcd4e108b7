import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { api } from './routes/items.js'

const app = new Hono()

app.use('/api/*', cors({ origin: 'http://localhost:3000' }))
app.route('/api', api)

const port = Number(process.env.PORT ?? 4000)
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => {
  console.log(`items API on http://127.0.0.1:${info.port}`)
})
