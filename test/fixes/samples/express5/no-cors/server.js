const express = require('express');
const itemsRouter = require('./routes/items');

const app = express();
const port = Number(process.env.PORT) || 4000;

app.use(express.json());
app.use('/api', itemsRouter);

app.listen(port, '127.0.0.1', () => {
  console.log(`items API on http://127.0.0.1:${port}`);
});
