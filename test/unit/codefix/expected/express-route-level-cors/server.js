const express = require('express');
const cors = require('cors');

const app = express();
const itemsCors = cors({ origin: 'http://localhost:3000', methods: ['GET', 'POST', 'PUT'] });
app.options('/api/items', itemsCors);
app.put('/api/items', itemsCors, (req, res) => res.json({}));

app.listen(4000);
