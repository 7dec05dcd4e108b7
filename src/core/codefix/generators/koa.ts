// Koa: its CORS middleware amended in place, or added right after the app.
import { middlewareGenerator } from '../js/middleware-kit';
import { koaSpec } from '../placement/koa';

export const koaGenerator = middlewareGenerator('koa', () => koaSpec);
