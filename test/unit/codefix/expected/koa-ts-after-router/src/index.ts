import Koa from 'koa';
import Router from '@koa/router';
import cors from '@koa/cors';

const app = new Koa();
const router = new Router();
router.put('/api/items', (ctx) => {
  ctx.body = { ok: true };
});

app.use(cors({ origin: 'http://localhost:3000' }));
app.use(router.routes());

app.listen(4000);
