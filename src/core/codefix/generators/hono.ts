// Hono: its CORS middleware amended in place, or added right after the app.
import type { FrameworkGenerator } from '../plugin';
import { middlewareGenerate, type MiddlewarePlacement } from '../js/middleware-kit';
import { honoSpec } from '../placement/hono';

export const honoGenerator: FrameworkGenerator<MiddlewarePlacement> = {
  framework: 'hono',
  generate: (placement, policy, project) => middlewareGenerate(honoSpec, placement, policy, project),
};
