'use strict';
const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({ origin: true, credentials: true, allowedHeaders: ['content-type'] }));

app.get('/api/me', (req, res) => {
  res.json({ user: 'alice' });
});

// A public endpoint that starts a session.
app.get('/api/session', (req, res) => {
  res.set('Access-Control-Allow-Origin', '*');
  res.cookie('session', 'abc123', { httpOnly: true });
  res.json({ ok: true });
});

const server = app.listen(Number(process.env.PORT) || 0, '127.0.0.1', () => {
  console.log('api on ' + server.address().port);
});
