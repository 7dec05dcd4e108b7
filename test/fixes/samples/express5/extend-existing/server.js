const express = require('express');
const cors = require('cors');
const itemsRouter = require('./routes/items');

const app = express();
const port = Number(process.env.PORT) || 4000;

const corsOptions = {
  origin: 'http://localhost:3000',
  methods: ['GET', 'POST', 'PUT'],
  allowedHeaders: ['Content-Type'],
  credentials: true,
  maxAge: 600,
};

app.use(cors(corsOptions));
app.use(express.json());
app.use('/api', itemsRouter);

app.listen(port, '127.0.0.1', () => {
  console.log(`items API on http://127.0.0.1:${port}`);
});
