const { Router } = require('@koa/router');
const { currentUser } = require('../session');

const items = [
    { id: 1, name: 'Notebook' },
    { id: 2, name: 'Pencil' },
];

const router = new Router({ prefix: '/api' });

router.get('/items', (ctx) => {
    ctx.body = items;
});

router.post('/items', (ctx) => {
    const item = { id: items.length + 1, name: String(ctx.request.body?.name ?? 'untitled') };
    items.push(item);
    ctx.status = 201;
    ctx.body = item;
});

router.put('/items/:id', (ctx) => {
    const item = items.find((i) => i.id === Number(ctx.params.id));
    if (!item) ctx.throw(404, 'no such item');
    item.name = String(ctx.request.body?.name ?? item.name);
    ctx.body = item;
});

router.delete('/items/:id', (ctx) => {
    const index = items.findIndex((i) => i.id === Number(ctx.params.id));
    if (index === -1) ctx.throw(404, 'no such item');
    items.splice(index, 1);
    ctx.status = 204;
});

router.get('/me', (ctx) => {
    ctx.body = { user: currentUser(ctx.get('Cookie')) };
});

module.exports = router;
