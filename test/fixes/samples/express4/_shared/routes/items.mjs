import { Router } from 'express'
import { currentUser } from '../session.mjs'

const items = [
  { id: 1, name: 'Notebook' },
  { id: 2, name: 'Pencil' }
]

export const itemsRouter = Router()

itemsRouter.get('/items', (req, res) => {
  res.json(items)
})

itemsRouter.post('/items', (req, res) => {
  const item = { id: items.length + 1, name: String(req.body?.name ?? 'untitled') }
  items.push(item)
  res.status(201).json(item)
})

itemsRouter.put('/items/:id', (req, res) => {
  const item = items.find((i) => i.id === Number(req.params.id))
  if (!item) return res.status(404).json({ error: 'no such item' })
  item.name = String(req.body?.name ?? item.name)
  res.json(item)
})

itemsRouter.delete('/items/:id', (req, res) => {
  const index = items.findIndex((i) => i.id === Number(req.params.id))
  if (index === -1) return res.status(404).json({ error: 'no such item' })
  items.splice(index, 1)
  res.sendStatus(204)
})

itemsRouter.get('/me', (req, res) => {
  res.json({ user: currentUser(req.headers.cookie) })
})
