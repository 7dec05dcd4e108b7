import { currentUser } from '../session.js';

const items = [
  { id: 1, name: 'Notebook' },
  { id: 2, name: 'Pencil' },
];

export default async function itemsRoutes(fastify) {
  fastify.get('/items', async () => items);

  fastify.post('/items', async (request, reply) => {
    const item = { id: items.length + 1, name: String(request.body?.name ?? 'untitled') };
    items.push(item);
    return reply.code(201).send(item);
  });

  fastify.put('/items/:id', async (request, reply) => {
    const item = items.find((i) => i.id === Number(request.params.id));
    if (!item) return reply.code(404).send({ error: 'no such item' });
    item.name = String(request.body?.name ?? item.name);
    return item;
  });

  fastify.delete('/items/:id', async (request, reply) => {
    const index = items.findIndex((i) => i.id === Number(request.params.id));
    if (index === -1) return reply.code(404).send({ error: 'no such item' });
    items.splice(index, 1);
    return reply.code(204).send();
  });

  fastify.get('/me', async (request) => ({ user: currentUser(request.headers.cookie) }));
}
