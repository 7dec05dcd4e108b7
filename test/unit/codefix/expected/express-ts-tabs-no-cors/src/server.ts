import express, { type Request, type Response } from 'express';
import cors from 'cors';

const app = express();
app.use(cors({ origin: ['http://localhost:3000'], allowedHeaders: ['content-type'], maxAge: 600 }));

app.get('/api/items', (_req: Request, res: Response) => {
	res.json([]);
});

app.listen(4000, () => {
	console.log('listening');
});
