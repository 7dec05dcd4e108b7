'use strict';
const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({
  origin: ['http://localhost:3000'],
  allowedHeaders: ['content-type'],
  credentials: true,
  maxAge: 600
}));
app.use(express.json());

app.get('/api/items', (req, res) => {
  res.json([]);
});

app.put('/api/items', (req, res) => {
  res.json(req.body);
});

app.listen(4000);
