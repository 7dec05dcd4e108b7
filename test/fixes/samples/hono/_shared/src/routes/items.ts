import { Hono } from 'hono'
import { currentUser } from '../session.js'

type Item = { id: number; name: string }

const items: Item[] = [
  { id: 1, name: 'Notebook' },
  { id: 2, name: 'Pencil' },
]

export const api = new Hono()

api.get('/items', (c) => c.json(items))

api.post('/items', async (c) => {
  const body = await c.req.json<{ name?: string }>()
  const item = { id: items.length + 1, name: String(body.name ?? 'untitled') }
  items.push(item)
  return c.json(item, 201)
})

api.put('/items/:id', async (c) => {
  const item = items.find((i) => i.id === Number(c.req.param('id')))
  if (!item) return c.json({ error: 'no such item' }, 404)
  const body = await c.req.json<{ name?: string }>()
  item.name = String(body.name ?? item.name)
  return c.json(item)
})

api.delete('/items/:id', (c) => {
  const index = items.findIndex((i) => i.id === Number(c.req.param('id')))
  if (index === -1) return c.json({ error: 'no such item' }, 404)
  items.splice(index, 1)
  return c.body(null, 204)
})

api.get('/me', (c) => c.json({ user: currentUser(c.req.header('Cookie')) }))
