const express = require('express');

const app = express();
app.use((req, res, next) => {
  res.header('Access-Control-Allow-Origin', req.headers.origin || '*');
  res.header('Access-Control-Allow-Credentials', 'true');
  res.header('Access-Control-Allow-Headers', 'Content-Type');
  if (req.method === 'OPTIONS') return res.sendStatus(204);
  next();
});
app.get('/api/me', (req, res) => res.json({ user: 'alice' }));

const server = app.listen(Number(process.env.PORT) || 0, '127.0.0.1', () => console.log('listening on ' + server.address().port));
