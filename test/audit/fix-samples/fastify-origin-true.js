const Fastify = require('fastify');
const cors = require('@fastify/cors');

const app = Fastify();
app.register(cors, { origin: true, credentials: true, allowedHeaders: ['Content-Type'] });
app.get('/api/me', async () => ({ user: 'alice' }));

app.listen({ port: Number(process.env.PORT) || 0, host: '127.0.0.1' }).then(() => console.log('listening on ' + app.server.address().port));
