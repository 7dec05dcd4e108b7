// Fastify: its CORS middleware amended in place, or added right after the app.
import type { FrameworkGenerator } from '../plugin';
import { middlewareGenerate, type MiddlewarePlacement } from '../js/middleware-kit';
import { fastifySpec } from '../placement/fastify';

export const fastifyGenerator: FrameworkGenerator<MiddlewarePlacement> = {
  framework: 'fastify',
  generate: (placement, policy, project) => middlewareGenerate(fastifySpec, placement, policy, project),
};
