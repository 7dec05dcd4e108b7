const Koa = require('koa');
const { bodyParser } = require('@koa/bodyparser');
const cors = require('@koa/cors');
const router = require('./routes/items');

const app = new Koa();
const port = Number(process.env.PORT) || 4000;

app.use(cors({
    origin: 'http://localhost:5173',
    allowMethods: ['GET', 'POST'],
}));
app.use(bodyParser());
app.use(router.routes());
app.use(router.allowedMethods());

app.listen(port, '127.0.0.1', () => {
    console.log(`items API listening on http://127.0.0.1:${port}`);
});
