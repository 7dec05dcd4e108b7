const express = require('express');
const cors = require('cors');

const app = express();
app.use(
  cors({
    origin: 'http://localhost:3000',
    allowedHeaders: ['Content-Type', 'x-api-key'],
  }),
);

app.post('/api/items', (req, res) => res.json({}));

app.listen(4000);
