const Koa = require('koa');
const { bodyParser } = require('@koa/bodyparser');
const cors = require('@koa/cors');
const router = require('./routes/items');

const app = new Koa();
const port = Number(process.env.PORT) || 4000;

// The items are public: any front end may read them.
app.use(cors());
app.use(bodyParser());
app.use(router.routes());
app.use(router.allowedMethods());

app.listen(port, '127.0.0.1', () => {
    console.log(`items API listening on http://127.0.0.1:${port}`);
});
