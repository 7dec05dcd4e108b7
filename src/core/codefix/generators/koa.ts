// Koa: its CORS middleware amended in place, or added right after the app.
import type { FrameworkGenerator } from '../plugin';
import { middlewareGenerate, type MiddlewarePlacement } from '../js/middleware-kit';
import { koaSpec } from '../placement/koa';

export const koaGenerator: FrameworkGenerator<MiddlewarePlacement> = {
  framework: 'koa',
  generate: (placement, policy, project) => middlewareGenerate(koaSpec, placement, policy, project),
};
