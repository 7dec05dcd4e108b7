// NestJS: app.enableCors(...) (or the create options' `cors`) amended, or added
// right after NestFactory.create.
import { middlewareGenerator } from '../js/middleware-kit';
import { nestSpecFor } from '../placement/nestjs';

export const nestGenerator = middlewareGenerator('nestjs', nestSpecFor);
