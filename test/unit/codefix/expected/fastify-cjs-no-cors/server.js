const fastify = require('fastify')({ logger: true });
const cors = require('@fastify/cors');
fastify.register(cors, {
  origin: ['http://localhost:3000'],
  methods: ['GET', 'HEAD', 'POST', 'PUT'],
  allowedHeaders: ['content-type'],
  credentials: true,
  maxAge: 600
});

fastify.get('/api/items', async () => []);
fastify.put('/api/items', async (request) => request.body);

fastify.listen({ port: 4000 });
