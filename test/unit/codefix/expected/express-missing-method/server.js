const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({ origin: ['http://localhost:3000'], methods: ['GET', 'POST', 'PUT'] }));

app.put('/api/items', (req, res) => res.json({}));

app.listen(4000);
