const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({ origin: true, credentials: true }));
app.get('/api/me', (req, res) => res.json({ user: 'alice' }));

const server = app.listen(Number(process.env.PORT) || 0, '127.0.0.1', () => console.log('listening on ' + server.address().port));
