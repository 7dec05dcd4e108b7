const express = require('express');
const { currentUser } = require('../session');

const items = [
  { id: 1, name: 'Notebook' },
  { id: 2, name: 'Pencil' },
];

const router = express.Router();

router.get('/items', (req, res) => {
  res.json(items);
});

router.post('/items', (req, res) => {
  const item = { id: items.length + 1, name: String(req.body?.name ?? 'untitled') };
  items.push(item);
  res.status(201).json(item);
});

router.put('/items/:id', (req, res) => {
  const item = items.find((i) => i.id === Number(req.params.id));
  if (!item) return res.status(404).json({ error: 'no such item' });
  item.name = String(req.body?.name ?? item.name);
  res.json(item);
});

router.delete('/items/:id', (req, res) => {
  const index = items.findIndex((i) => i.id === Number(req.params.id));
  if (index === -1) return res.status(404).json({ error: 'no such item' });
  items.splice(index, 1);
  res.status(204).end();
});

router.get('/me', (req, res) => {
  res.json({ user: currentUser(req.headers.cookie) });
});

module.exports = router;
