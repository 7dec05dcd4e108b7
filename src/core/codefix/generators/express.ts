// Express: the `cors` middleware, amended in place or added right after the app.
import type { FrameworkGenerator } from '../plugin';
import { middlewareGenerate, type MiddlewarePlacement } from '../js/middleware-kit';
import { expressSpec } from '../placement/express';

export const expressGenerator: FrameworkGenerator<MiddlewarePlacement> = {
  framework: 'express',
  generate: (placement, policy, project) => middlewareGenerate(expressSpec, placement, policy, project),
};
