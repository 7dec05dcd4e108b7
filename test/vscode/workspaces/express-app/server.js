// Notes API. The front end runs on another origin and calls it with fetch().
const express = require('express');

const app = express();
app.use(express.json());

const notes = [{ id: 1, text: 'Buy milk' }];

app.get('/api/notes', (req, res) => {
  res.json(notes);
});

app.post('/api/notes', (req, res) => {
  const note = { id: notes.length + 1, text: String(req.body.text ?? '') };
  notes.push(note);
  res.status(201).json(note);
});

const port = Number(process.env.PORT) || 3000;
app.listen(port, '127.0.0.1', () => {
  console.log(`notes API on http://127.0.0.1:${port}`);
});
