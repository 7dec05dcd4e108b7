const express = require('express');
const cors = require('cors');
const items = require('./routes/items');

const app = express();
app.use(express.json());
app.use(cors({ origin: 'http://localhost:3000' }));
app.use('/api/items', items);

app.listen(4000);
