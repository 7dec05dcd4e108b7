// Fastify: its CORS middleware amended in place, or added right after the app.
import { middlewareGenerator } from '../js/middleware-kit';
import { fastifySpec } from '../placement/fastify';

export const fastifyGenerator = middlewareGenerator('fastify', () => fastifySpec);
