// Hono: its CORS middleware amended in place, or added right after the app.
import { middlewareGenerator } from '../js/middleware-kit';
import { honoSpec } from '../placement/hono';

export const honoGenerator = middlewareGenerator('hono', () => honoSpec);
