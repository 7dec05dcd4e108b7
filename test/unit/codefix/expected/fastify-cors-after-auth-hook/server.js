const Fastify = require('fastify');

const app = Fastify();
app.register(require('@fastify/cors'), { origin: ['http://localhost:3000'] });
app.addHook('onRequest', async (request, reply) => {
  if (!request.headers.authorization) reply.code(401).send();
});

app.get('/api/items', async () => []);

app.listen({ port: 4000 });
