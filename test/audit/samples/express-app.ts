// Deliberately vulnerable Express routes, one planted CORS flaw per path (and one
// correct configuration), written the way such code is found in real projects.
import express from 'express';
import cors from 'cors';
import { serveOnLoopback } from '../../cli/support';

export const APP_ORIGIN = 'https://app.example.com';

const data = (_req: express.Request, res: express.Response) => {
  res.json({ user: 'alice', token: 'secret' });
};

/** Mounts `middleware` for every method on `path` and answers with private data. */
function route(app: express.Express, path: string, middleware: express.RequestHandler): void {
  app.options(path, middleware, (_req, res) => {
    res.sendStatus(204);
  });
  app.get(path, middleware, data);
}

export function expressSamples(): express.Express {
  const app = express();
  const headers = { allowedHeaders: ['content-type'] };

  route(app, '/reflect', cors({ origin: true, credentials: true, ...headers }));
  route(app, '/null', cors({ origin: [APP_ORIGIN, 'null'], credentials: true, ...headers }));
  route(app, '/prefix', cors({ origin: (o, cb) => cb(null, !!o && o.startsWith(APP_ORIGIN)), credentials: true, ...headers }));
  route(app, '/suffix', cors({ origin: (o, cb) => cb(null, !!o && o.endsWith('example.com')), credentials: true, ...headers }));
  route(app, '/regex', cors({ origin: /^https:\/\/app.example.com$/, credentials: true, ...headers }));
  route(app, '/scheme', cors({ origin: (o, cb) => cb(null, !!o && URL.canParse(o) && new URL(o).host === 'app.example.com'), credentials: true, ...headers }));
  route(app, '/subdomains', cors({ origin: /^https:\/\/([a-z0-9-]+\.)*example\.com$/, credentials: true, ...headers }));
  // Hand-written allow-list that forgets Vary: Origin.
  route(app, '/vary', (req, res, next) => {
    if (req.headers.origin === APP_ORIGIN) {
      res.setHeader('Access-Control-Allow-Origin', APP_ORIGIN);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Methods', 'GET, PUT');
      res.setHeader('Access-Control-Allow-Headers', 'content-type');
    }
    next();
  });
  // A public "*" on a route that starts a session.
  route(app, '/cookie', (_req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Set-Cookie', 'session=abc123; Path=/; HttpOnly');
    next();
  });
  // A local dev server that lets any site reach into the private network.
  route(app, '/private-network', (req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET');
      if (req.headers['access-control-request-private-network'] === 'true') res.setHeader('Access-Control-Allow-Private-Network', 'true');
    }
    next();
  });
  // Allow-list origins, but headers left at the middleware's default (it echoes what is asked).
  route(app, '/headers', cors({ origin: [APP_ORIGIN], credentials: true }));
  route(app, '/methods', (req, res, next) => {
    if (req.headers.origin === APP_ORIGIN) {
      res.setHeader('Access-Control-Allow-Origin', APP_ORIGIN);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', String(req.headers['access-control-request-method'] ?? '*'));
        res.setHeader('Access-Control-Allow-Headers', 'content-type');
      }
    } else res.setHeader('Vary', 'Origin');
    next();
  });
  route(app, '/correct', cors({ origin: [APP_ORIGIN], credentials: true, methods: ['GET', 'PUT'], ...headers }));
  return app;
}

export function startExpressSamples(): Promise<{ url: string; close(): Promise<void> }> {
  return serveOnLoopback(expressSamples());
}
