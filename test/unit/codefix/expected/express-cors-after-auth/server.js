const express = require('express');
const cors = require('cors');

const app = express();

function requireAuth(req, res, next) {
  if (!req.headers.authorization) return res.status(401).end();
  next();
}

app.use(cors({ origin: ['http://localhost:3000'], credentials: true }));
app.use(requireAuth);

app.get('/api/items', (req, res) => res.json([]));

app.listen(4000);
