// NestJS: app.enableCors(...) (or the create options' `cors`) amended, or added
// right after NestFactory.create.
import type { FrameworkGenerator } from '../plugin';
import { middlewareGenerate, type MiddlewarePlacement } from '../js/middleware-kit';
import { nestSpecFor } from '../placement/nestjs';

export const nestGenerator: FrameworkGenerator<MiddlewarePlacement> = {
  framework: 'nestjs',
  generate: (placement, policy, project) => middlewareGenerate(nestSpecFor(project), placement, policy, project),
};
