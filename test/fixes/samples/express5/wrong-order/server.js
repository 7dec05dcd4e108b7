const express = require('express');
const cors = require('cors');
const itemsRouter = require('./routes/items');
const { requireSession } = require('./session');

const app = express();
const port = Number(process.env.PORT) || 4000;

app.use(express.json());
app.use('/api', requireSession);
app.use(cors({ origin: 'http://localhost:5173', credentials: true }));
app.use('/api', itemsRouter);

app.listen(port, '127.0.0.1', () => {
  console.log(`items API on http://127.0.0.1:${port}`);
});
