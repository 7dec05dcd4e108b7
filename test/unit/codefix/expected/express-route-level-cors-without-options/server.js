const express = require('express');
const cors = require('cors');

const app = express();
app.use(express.json());
const itemsCors = cors({ origin: 'http://localhost:3000' });
app.options('/api/items', itemsCors);
app.put('/api/items', itemsCors, (req, res) => res.json(req.body));

app.listen(4000);
