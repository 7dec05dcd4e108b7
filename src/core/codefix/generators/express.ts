// Express: the `cors` middleware, amended in place or added right after the app.
import { middlewareGenerator } from '../js/middleware-kit';
import { expressSpec } from '../placement/express';

export const expressGenerator = middlewareGenerator('express', () => expressSpec);
