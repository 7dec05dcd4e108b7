const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({ origin: ['http://localhost:3000'], credentials: true }));

app.get('/api/items', (req, res) => res.json([]));

app.listen(4000);
