const express = require('express');
const cors = require('cors');

const allowedOrigins = [
  'http://localhost:5173',
  'http://localhost:3000',
];

const corsOptions = {
  origin: allowedOrigins,
  methods: 'GET,POST,PATCH',
  credentials: true,
};

const app = express();
app.use(cors(corsOptions));

app.patch('/api/items', (req, res) => res.json({}));

app.listen(4000);
