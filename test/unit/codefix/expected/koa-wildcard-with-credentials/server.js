const Koa = require('koa');
const cors = require('@koa/cors');

const app = new Koa();
app.use(cors({ origin: (ctx) => (['http://localhost:3000'].includes(ctx.get('Origin')) ? ctx.get('Origin') : ''), credentials: true }));
app.use((ctx) => {
  ctx.body = [];
});

app.listen(4000);
