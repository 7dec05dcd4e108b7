const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({ origin: ['http://localhost:5173', 'http://localhost:3000'] }));

app.get('/api/items', (req, res) => res.json([]));

app.listen(4000);
