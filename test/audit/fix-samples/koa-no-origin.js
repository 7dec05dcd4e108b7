const Koa = require('koa');
const cors = require('@koa/cors');

const app = new Koa();
app.use(cors({ credentials: true, allowHeaders: ['Content-Type'] }));
app.use((ctx) => {
  if (ctx.path === '/api/me') ctx.body = { user: 'alice' };
});

const server = app.listen(Number(process.env.PORT) || 0, '127.0.0.1', () => console.log('listening on ' + server.address().port));
