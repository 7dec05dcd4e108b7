const Koa = require('koa');
const Router = require('@koa/router');
const cors = require('@koa/cors');

const app = new Koa();
app.use(cors({
  origin: (ctx) => (['http://localhost:3000'].includes(ctx.get('Origin')) ? ctx.get('Origin') : ''),
  allowHeaders: ['content-type'],
  credentials: true,
  maxAge: 600
}));
const router = new Router();

router.get('/api/items', (ctx) => {
  ctx.body = [];
});

app.use(router.routes());
app.use(router.allowedMethods());
app.listen(4000);
