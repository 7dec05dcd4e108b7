// Quick-fix cases: a server's files and the flows the browser recorded against it.
// The expected edited files live in expected/<case>/ (reviewed by hand); run with
// UPDATE_EXPECTED=1 to write them after a deliberate change, then review the diff.
import type { CorsFlow } from '../../../src/core/cors/types';
import type { HeaderList, WireRequest, WireResponse } from '../../../src/core/http/types';
import * as F from '../cors/flows';

export interface FixCase {
  name: string;
  framework: string;
  files: Record<string, string>;
  flows: CorsFlow[];
  /** Substrings the plan's title must contain. */
  title: string;
  /** A substring one change's reason must contain. */
  reason?: string;
}

const PAGE = F.PAGE; // http://localhost:3000
export const OTHER = 'http://localhost:5173';
const ITEMS = 'http://127.0.0.1:4000/api/items';

export const PKG_EXPRESS = `{
  "name": "api",
  "dependencies": {
    "cors": "^2.8.5",
    "express": "^4.21.0"
  }
}
`;

export const PKG_EXPRESS_NO_CORS = `{
  "name": "api",
  "dependencies": {
    "express": "^5.1.0"
  }
}
`;

const res = (status: number, headers: HeaderList = []) => F.response(status, headers);
const withCookie = (method = 'GET', url = ITEMS, origin = PAGE) => F.request(method, [['Cookie', 'sid=1']], url, origin);

/** A credentialed GET answered without CORS headers. */
export const credentialedGetNoCors = (): CorsFlow => F.simpleFlow(withCookie(), res(200));
/** A JSON PUT whose preflight got a 404 (nothing answers OPTIONS). */
export const jsonPutPreflight404 = (): CorsFlow => F.preflightedFlow('PUT', ['content-type'], res(404));

export const EXPRESS_CASES: FixCase[] = [
  {
    name: 'express-cjs-no-cors',
    framework: 'express',
    title: 'Allow origin http://localhost:3000',
    files: {
      'package.json': PKG_EXPRESS_NO_CORS,
      'server.js': `'use strict';
const express = require('express');

const app = express();
app.use(express.json());

app.get('/api/items', (req, res) => {
  res.json([]);
});

app.put('/api/items', (req, res) => {
  res.json(req.body);
});

app.listen(4000);
`,
    },
    flows: [credentialedGetNoCors(), jsonPutPreflight404()],
  },
  {
    name: 'express-esm-no-cors-double-quotes-no-semicolons',
    framework: 'express',
    title: 'Allow origin http://localhost:3000',
    files: {
      'package.json': PKG_EXPRESS,
      'src/app.mjs': `import express from "express"
import { items } from "./items.mjs"

export const app = express()

app.get("/api/items", (req, res) => res.json(items))
`,
      'src/items.mjs': `export const items = []
`,
    },
    flows: [F.simpleFlow(F.request('GET'), res(200))],
  },
  {
    name: 'express-ts-tabs-no-cors',
    framework: 'express',
    title: 'Allow origin http://localhost:3000',
    files: {
      'package.json': PKG_EXPRESS_NO_CORS,
      'src/server.ts': `import express, { type Request, type Response } from 'express';

const app = express();

app.get('/api/items', (_req: Request, res: Response) => {
\tres.json([]);
});

app.listen(4000, () => {
\tconsole.log('listening');
});
`,
    },
    flows: [jsonPutPreflight404()],
  },
  {
    name: 'express-wrong-origin',
    framework: 'express',
    title: 'Allow origin http://localhost:3000',
    files: {
      'package.json': PKG_EXPRESS,
      'server.js': `const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({ origin: 'http://localhost:5173' }));

app.get('/api/items', (req, res) => res.json([]));

app.listen(4000);
`,
    },
    flows: [F.simpleFlow(F.request('GET'), res(200, [['Access-Control-Allow-Origin', OTHER], ['Vary', 'Origin']]))],
  },
  {
    name: 'express-missing-method',
    framework: 'express',
    title: 'Allow method PUT for http://localhost:3000',
    files: {
      'package.json': PKG_EXPRESS,
      'server.js': `const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({ origin: ['http://localhost:3000'], methods: ['GET', 'POST'] }));

app.put('/api/items', (req, res) => res.json({}));

app.listen(4000);
`,
    },
    flows: [F.preflightedFlow('PUT', [], res(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'GET,POST'], ['Vary', 'Origin']]))],
  },
  {
    name: 'express-missing-header',
    framework: 'express',
    title: 'Allow header x-api-key for http://localhost:3000',
    files: {
      'package.json': PKG_EXPRESS,
      'server.js': `const express = require('express');
const cors = require('cors');

const app = express();
app.use(
  cors({
    origin: 'http://localhost:3000',
    allowedHeaders: ['Content-Type'],
  }),
);

app.post('/api/items', (req, res) => res.json({}));

app.listen(4000);
`,
    },
    flows: [F.preflightedFlow('POST', ['content-type', 'x-api-key'], res(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'GET,HEAD,PUT,PATCH,POST,DELETE'], ['Access-Control-Allow-Headers', 'Content-Type'], ['Vary', 'Origin']]))],
  },
  {
    name: 'express-wildcard-with-credentials',
    framework: 'express',
    title: 'Allow origin http://localhost:3000 with credentials',
    files: {
      'package.json': PKG_EXPRESS,
      'server.js': `const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors());

app.get('/api/items', (req, res) => res.json([]));

app.listen(4000);
`,
    },
    flows: [F.simpleFlow(withCookie(), res(200, [['Access-Control-Allow-Origin', '*']]))],
  },
  {
    name: 'express-reflect-with-credentials',
    framework: 'express',
    title: 'Allow origin http://localhost:3000 with credentials',
    files: {
      'package.json': PKG_EXPRESS,
      'server.js': `const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({ origin: true }));

app.get('/api/items', (req, res) => res.json([]));

app.listen(4000);
`,
    },
    flows: [F.simpleFlow(withCookie(), res(200, [['Access-Control-Allow-Origin', PAGE], ['Vary', 'Origin']]))],
  },
  {
    name: 'express-extend-const-list',
    framework: 'express',
    title: 'Allow origin http://localhost:3000, method PATCH with credentials',
    files: {
      'package.json': PKG_EXPRESS,
      'server.js': `const express = require('express');
const cors = require('cors');

const allowedOrigins = [
  'http://localhost:5173',
];

const corsOptions = {
  origin: allowedOrigins,
  methods: 'GET,POST',
};

const app = express();
app.use(cors(corsOptions));

app.patch('/api/items', (req, res) => res.json({}));

app.listen(4000);
`,
    },
    flows: [
      F.preflightedFlow('PATCH', [], res(204, [['Vary', 'Origin']])),
      F.simpleFlow(withCookie('GET', ITEMS, PAGE), res(200, [['Vary', 'Origin']])),
      // Still passing from the other origin, and must keep passing.
      F.simpleFlow(F.request('GET', [], ITEMS, OTHER), res(200, [['Access-Control-Allow-Origin', OTHER], ['Vary', 'Origin']])),
    ],
  },
  {
    name: 'express-cors-after-router',
    framework: 'express',
    title: 'CORS before the routes',
    files: {
      'package.json': PKG_EXPRESS,
      'server.js': `const express = require('express');
const cors = require('cors');
const items = require('./routes/items');

const app = express();
app.use(express.json());
app.use('/api/items', items);
app.use(cors({ origin: 'http://localhost:3000' }));

app.listen(4000);
`,
      'routes/items.js': `const { Router } = require('express');

const router = Router();
router.put('/', (req, res) => res.json({}));

module.exports = router;
`,
    },
    flows: [jsonPutPreflight404()],
  },
  {
    // Route-level CORS and no OPTIONS handler: Express answers the preflight itself
    // (200, Allow, no CORS headers), so the route's cors() never sees it.
    name: 'express-route-level-cors-without-options',
    framework: 'express',
    title: 'Allow',
    reason: "app.options('/api/items', itemsCors)",
    files: {
      'package.json': PKG_EXPRESS,
      'server.js': `const express = require('express');
const cors = require('cors');

const app = express();
app.use(express.json());
app.put('/api/items', cors({ origin: 'http://localhost:3000' }), (req, res) => res.json(req.body));

app.listen(4000);
`,
    },
    flows: [F.preflightedFlow('PUT', ['content-type'], res(200, [['Allow', 'PUT']]))],
  },
  {
    // CORS registered on the router in the routes file: amended there, not doubled on the app.
    name: 'express-cors-in-router-file',
    framework: 'express',
    title: 'Allow origin http://localhost:5173',
    files: {
      'package.json': PKG_EXPRESS,
      'server.js': `const express = require('express');
const items = require('./routes/items');

const app = express();
app.use(express.json());
app.use('/api/items', items);

app.listen(4000);
`,
      'routes/items.js': `const { Router } = require('express');
const cors = require('cors');

const router = Router();
router.use(cors({ origin: 'http://localhost:3000' }));
router.get('/', (req, res) => res.json([]));

module.exports = router;
`,
    },
    flows: [
      F.simpleFlow(F.request('GET'), res(200, [['Access-Control-Allow-Origin', PAGE]])),
      F.simpleFlow(F.request('GET', [], ITEMS, OTHER), res(200, [['Access-Control-Allow-Origin', PAGE]])),
    ],
  },
  {
    name: 'express-cors-after-auth',
    framework: 'express',
    title: 'CORS before the routes',
    files: {
      'package.json': PKG_EXPRESS,
      'server.js': `const express = require('express');
const cors = require('cors');

const app = express();

function requireAuth(req, res, next) {
  if (!req.headers.authorization) return res.status(401).end();
  next();
}

app.use(requireAuth);
app.use(cors({ origin: ['http://localhost:3000'], credentials: true }));

app.get('/api/items', (req, res) => res.json([]));

app.listen(4000);
`,
    },
    flows: [F.preflightedFlow('GET', ['authorization'], res(401))],
  },
  {
    name: 'express-route-level-cors',
    framework: 'express',
    title: 'Allow method PUT for http://localhost:3000',
    files: {
      'package.json': PKG_EXPRESS,
      'server.js': `const express = require('express');
const cors = require('cors');

const app = express();
const itemsCors = cors({ origin: 'http://localhost:3000', methods: ['GET', 'POST'] });
app.options('/api/items', itemsCors);
app.put('/api/items', itemsCors, (req, res) => res.json({}));

app.listen(4000);
`,
    },
    flows: [F.preflightedFlow('PUT', [], res(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'GET,POST'], ['Vary', 'Origin']]))],
  },
];

const pkg = (deps: Record<string, string>) => JSON.stringify({ name: 'api', private: true, dependencies: deps }, null, 2) + '\n';
const preflight = (method: string, headers: string[], answer: HeaderList, status = 204) => F.preflightedFlow(method, headers, res(status, answer));
/** A preflight from the other front end (http://localhost:5173) for an item, and the request it let through, if any. */
const otherPreflight = (method: string, headers: string[], answer: WireResponse, actual?: { req: WireRequest; res: WireResponse }): CorsFlow => ({
  preflight: F.exchange(F.preflightRequest(method, headers, `${ITEMS}/1`, OTHER), answer),
  requests: actual ? [F.exchange(actual.req, actual.res)] : [],
  complete: true,
});
const NEST_MODULE = `import { Module } from '@nestjs/common';

@Module({
  controllers: [],
  providers: [],
})
export class AppModule {}
`;

export const FASTIFY_CASES: FixCase[] = [
  {
    name: 'fastify-cjs-no-cors',
    framework: 'fastify',
    title: 'Allow origin http://localhost:3000',
    files: {
      'package.json': pkg({ fastify: '^5.0.0' }),
      'server.js': `const fastify = require('fastify')({ logger: true });

fastify.get('/api/items', async () => []);
fastify.put('/api/items', async (request) => request.body);

fastify.listen({ port: 4000 });
`,
    },
    flows: [credentialedGetNoCors(), jsonPutPreflight404()],
  },
  {
    name: 'fastify-esm-extend',
    framework: 'fastify',
    title: 'Allow origin http://localhost:3000, method DELETE and header x-api-key',
    files: {
      'package.json': pkg({ '@fastify/cors': '^11.0.0', fastify: '^5.0.0' }),
      'server.mjs': `import Fastify from 'fastify';
import cors from '@fastify/cors';

const app = Fastify();
await app.register(cors, {
  origin: 'http://localhost:5173',
  allowedHeaders: ['content-type'],
});

app.delete('/api/items', async () => ({ ok: true }));

await app.listen({ port: 4000 });
`,
    },
    flows: [preflight('DELETE', ['x-api-key'], [['Access-Control-Allow-Origin', OTHER], ['Access-Control-Allow-Methods', 'GET,HEAD,POST'], ['Vary', 'Origin']])],
  },
  {
    name: 'fastify-cors-after-auth-hook',
    framework: 'fastify',
    title: 'CORS before the routes',
    files: {
      'package.json': pkg({ '@fastify/cors': '^11.0.0', fastify: '^5.0.0' }),
      'server.js': `const Fastify = require('fastify');

const app = Fastify();
app.addHook('onRequest', async (request, reply) => {
  if (!request.headers.authorization) reply.code(401).send();
});
app.register(require('@fastify/cors'), { origin: ['http://localhost:3000'] });

app.get('/api/items', async () => []);

app.listen({ port: 4000 });
`,
    },
    flows: [preflight('GET', ['authorization'], [], 401)],
  },
];

export const KOA_CASES: FixCase[] = [
  {
    name: 'koa-cjs-no-cors-router',
    framework: 'koa',
    title: 'Allow origin http://localhost:3000',
    files: {
      'package.json': pkg({ '@koa/router': '^13.0.0', koa: '^2.15.0' }),
      'server.js': `const Koa = require('koa');
const Router = require('@koa/router');

const app = new Koa();
const router = new Router();

router.get('/api/items', (ctx) => {
  ctx.body = [];
});

app.use(router.routes());
app.use(router.allowedMethods());
app.listen(4000);
`,
    },
    flows: [credentialedGetNoCors(), jsonPutPreflight404()],
  },
  {
    name: 'koa-wildcard-with-credentials',
    framework: 'koa',
    title: 'Allow origin http://localhost:3000',
    reason: 'and the comment above it now says so',
    files: {
      'package.json': pkg({ '@koa/cors': '^5.0.0', koa: '^2.15.0' }),
      'server.js': `const Koa = require('koa');
const cors = require('@koa/cors');

const app = new Koa();
// The items are public: any front end may read them.
app.use(cors({ origin: '*' }));
app.use((ctx) => {
  ctx.body = [];
});

app.listen(4000);
`,
    },
    flows: [F.simpleFlow(withCookie(), res(200, [['Access-Control-Allow-Origin', '*'], ['Vary', 'Origin']]))],
  },
  {
    name: 'koa-ts-after-router',
    framework: 'koa',
    title: 'CORS before the routes',
    reason: 'the routes answered requests before CORS ran, so their responses lacked the CORS headers',
    files: {
      'package.json': pkg({ '@koa/cors': '^5.0.0', '@koa/router': '^13.0.0', koa: '^2.15.0' }),
      'src/index.ts': `import Koa from 'koa';
import Router from '@koa/router';
import cors from '@koa/cors';

const app = new Koa();
const router = new Router();
router.put('/api/items', (ctx) => {
  ctx.body = { ok: true };
});

app.use(router.routes());
app.use(cors({ origin: 'http://localhost:3000' }));

app.listen(4000);
`,
    },
    flows: [jsonPutPreflight404()],
  },
];

const HONO_ITEMS_SUBAPP = `import { Hono } from 'hono'

export const api = new Hono()

api.get('/items', (c) => c.json([]))
api.put('/items/:id', async (c) => c.json(await c.req.json()))
`;
const honoRoot = (middleware: string) => `import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { api } from './routes/items.js'
import { requireSession } from './session.js'

const app = new Hono()

${middleware}
app.route('/api', api)

serve({ fetch: app.fetch, port: 4000, hostname: '127.0.0.1' })
`;
const HONO_SESSION = `import { createMiddleware } from 'hono/factory'

export const requireSession = createMiddleware(async (c, next) => {
  if (!c.req.header('Cookie')) return c.json({ error: 'sign in first' }, 401)
  await next()
})
`;

export const HONO_CASES: FixCase[] = [
  {
    name: 'hono-ts-no-cors',
    framework: 'hono',
    title: 'Allow origin http://localhost:3000',
    files: {
      'package.json': pkg({ '@hono/node-server': '^1.13.0', hono: '^4.6.0' }),
      'src/index.ts': `import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const app = new Hono()

app.get('/api/items', (c) => c.json([]))
app.put('/api/items', async (c) => c.json(await c.req.json()))

serve({ fetch: app.fetch, port: 4000 })
`,
    },
    flows: [credentialedGetNoCors(), jsonPutPreflight404()],
  },
  {
    name: 'hono-missing-method-and-header',
    framework: 'hono',
    title: 'Allow method PURGE and header x-api-key for http://localhost:3000',
    files: {
      'package.json': pkg({ hono: '^4.6.0' }),
      'src/app.js': `import { Hono } from 'hono';
import { cors } from 'hono/cors';

export const app = new Hono();
app.use('/api/*', cors({ origin: ['http://localhost:3000'], allowHeaders: ['Content-Type'] }));
app.on('PURGE', '/api/items', (c) => c.body(null, 204));
`,
    },
    flows: [preflight('PURGE', ['x-api-key'], [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'GET,HEAD,PUT,POST,DELETE,PATCH'], ['Access-Control-Allow-Headers', 'Content-Type']])],
  },
  {
    name: 'hono-cors-after-routes',
    framework: 'hono',
    title: 'CORS before the routes',
    files: {
      'package.json': pkg({ hono: '^4.6.0' }),
      'src/app.ts': `import { Hono } from 'hono';
import { cors } from 'hono/cors';

const app = new Hono();
app.put('/api/items', (c) => c.json({ ok: true }));
app.use('*', cors({ origin: 'http://localhost:3000' }));

export default app;
`,
    },
    flows: [jsonPutPreflight404()],
  },
  {
    // The root app registers CORS and mounts the API sub-app from another file: the
    // root's cors() is amended, no second one goes on the sub-app.
    name: 'hono-root-cors-mounts-sub-app',
    framework: 'hono',
    title: 'Allow origin http://localhost:5173',
    files: {
      'package.json': pkg({ '@hono/node-server': '^1.13.0', hono: '^4.6.0' }),
      'src/index.ts': honoRoot(`app.use('/api/*', cors({ origin: 'http://localhost:3000' }))`),
      'src/routes/items.ts': HONO_ITEMS_SUBAPP,
      'src/session.ts': HONO_SESSION,
    },
    flows: [
      F.simpleFlow(F.request('GET'), res(200, [['Access-Control-Allow-Origin', PAGE]])),
      F.simpleFlow(F.request('GET', [], ITEMS, OTHER), res(200)),
      otherPreflight('PUT', ['content-type'], res(204, [['Access-Control-Allow-Methods', 'GET,HEAD,PUT,POST,DELETE,PATCH']])),
    ],
  },
  {
    // The session check runs before the root's cors(): cors() moves above it.
    name: 'hono-root-cors-after-session-check',
    framework: 'hono',
    title: 'CORS before',
    reason: 'it answered preflights, which never carry cookies or credentials, before CORS could',
    files: {
      'package.json': pkg({ '@hono/node-server': '^1.13.0', hono: '^4.6.0' }),
      'src/index.ts': honoRoot(`app.use('/api/*', requireSession)
app.use('/api/*', cors({ origin: 'http://localhost:5173', credentials: true }))`),
      'src/routes/items.ts': HONO_ITEMS_SUBAPP,
      'src/session.ts': HONO_SESSION,
    },
    flows: [
      F.simpleFlow(withCookie('GET', ITEMS, OTHER), res(200, [['Access-Control-Allow-Origin', OTHER], ['Access-Control-Allow-Credentials', 'true']])),
      otherPreflight('PUT', ['content-type'], res(401)),
    ],
  },
];

export const NEST_CASES: FixCase[] = [
  {
    name: 'nestjs-no-cors',
    framework: 'nestjs',
    title: 'Allow origin http://localhost:3000',
    files: {
      'package.json': pkg({ '@nestjs/common': '^11.0.0', '@nestjs/core': '^11.0.0', '@nestjs/platform-express': '^11.0.0' }),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  await app.listen(process.env.PORT ?? 4000);
}
bootstrap();
`,
      'src/app.module.ts': `import { Module } from '@nestjs/common';

@Module({})
export class AppModule {}
`,
    },
    flows: [credentialedGetNoCors(), jsonPutPreflight404()],
  },
  {
    name: 'nestjs-create-option-true-with-credentials',
    framework: 'nestjs',
    title: 'Allow origin http://localhost:3000 with credentials',
    files: {
      'package.json': pkg({ '@nestjs/core': '^11.0.0' }),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule, { cors: true });
  await app.listen(4000);
}
bootstrap();
`,
    },
    flows: [F.simpleFlow(withCookie(), res(200, [['Access-Control-Allow-Origin', '*']]))],
  },
  {
    name: 'nestjs-enable-cors-extend-and-move-before-listen',
    framework: 'nestjs',
    title: 'Allow origin http://localhost:3000',
    files: {
      'package.json': pkg({ '@nestjs/core': '^11.0.0' }),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  await app.listen(4000);
  app.enableCors({ origin: ['http://localhost:5173'] });
}
bootstrap();
`,
    },
    flows: [F.simpleFlow(F.request('GET'), res(200))],
  },
  {
    // The verification sample: options in a const inside bootstrap(), prettier style
    // (trailing commas) in the project's other files.
    name: 'nestjs-local-const-options-extend',
    framework: 'nestjs',
    title: 'Allow origin http://localhost:5173',
    files: {
      'package.json': pkg({ '@nestjs/common': '^11.0.0', '@nestjs/core': '^11.0.0', '@nestjs/platform-express': '^11.0.0' }),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  const corsOptions: CorsOptions = {
    origin: 'http://localhost:3000',
    methods: ['GET', 'POST', 'PUT'],
    allowedHeaders: ['Content-Type'],
    credentials: true,
    maxAge: 600,
  };
  app.enableCors(corsOptions);
  await app.listen(process.env.PORT ?? 3000, '127.0.0.1');
}
bootstrap();
`,
      'src/app.module.ts': NEST_MODULE,
    },
    flows: [
      F.simpleFlow(withCookie(), res(200, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true']])),
      F.simpleFlow(withCookie('GET', ITEMS, OTHER), res(200, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true']])),
      otherPreflight('DELETE', ['authorization'], res(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Methods', 'GET,POST,PUT'], ['Access-Control-Allow-Headers', 'Content-Type']])),
    ],
  },
  {
    // \`{ cors: true }\` grows past one line: the options object is laid out as prettier would.
    name: 'nestjs-create-option-true-grows-multiline',
    framework: 'nestjs',
    title: 'Allow origin http://localhost:5173 with credentials',
    files: {
      'package.json': pkg({ '@nestjs/common': '^11.0.0', '@nestjs/core': '^11.0.0' }),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule, { cors: true });
  await app.listen(process.env.PORT ?? 3000, '127.0.0.1');
}
bootstrap();
`,
      'src/app.module.ts': NEST_MODULE,
    },
    flows: [
      F.simpleFlow(withCookie('GET', ITEMS, OTHER), res(200, [['Access-Control-Allow-Origin', '*']])),
      otherPreflight('PUT', ['content-type'], res(204, [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'GET,HEAD,PUT,PATCH,POST,DELETE']]), { req: F.request('PUT', [['Cookie', 'sid=1'], ['Content-Type', 'application/json']], `${ITEMS}/1`, OTHER), res: res(200) }),
    ],
  },
];

export const NODE_HTTP_CASES: FixCase[] = [
  {
    name: 'node-http-no-cors',
    framework: 'node-http',
    title: 'Allow origin http://localhost:3000',
    files: {
      'server.js': `const http = require('http');

const server = http.createServer((req, res) => {
  if (req.url === '/api/items') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return res.end('[]');
  }
  res.writeHead(404);
  res.end();
});

server.listen(4000);
`,
    },
    flows: [credentialedGetNoCors(), jsonPutPreflight404()],
  },
  {
    name: 'node-http-ts-named-handler',
    framework: 'node-http',
    title: 'Allow origin http://localhost:3000',
    files: {
      'src/server.ts': `import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'

function handle(request: IncomingMessage, response: ServerResponse) {
  response.end('ok')
}

createServer(handle).listen(4000)
`,
    },
    flows: [F.simpleFlow(F.request('GET'), res(200))],
  },
  {
    // The demo's API: scattered hand-written headers with a stale origin, a missing
    // request header and * with credentials.
    name: 'node-http-hand-written-headers',
    framework: 'node-http',
    title: 'Allow origin http://localhost:3000',
    files: {
      'server.js': `'use strict';
const http = require('http');
const FRONT_END = process.env.WEB_ORIGIN || 'http://localhost:5173';

function send(res, status, headers, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const server = http.createServer(async (req, res) => {
  const route = \`\${req.method} \${new URL(req.url, 'http://x').pathname}\`;
  switch (route) {
    case 'GET /api/hello':
      return send(res, 200, { 'Access-Control-Allow-Origin': FRONT_END, Vary: 'Origin' }, { hello: 1 });
    case 'GET /api/items':
      return send(res, 200, { 'Access-Control-Allow-Origin': 'http://localhost:5173' }, []);
    case 'OPTIONS /api/items':
      res.writeHead(204, {
        'Access-Control-Allow-Origin': FRONT_END,
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Max-Age': '5',
      });
      return res.end();
    case 'GET /api/profile':
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      return send(res, 200, {}, { name: 'me' });
    default:
      return send(res, 404, {}, { error: route });
  }
});

server.listen(3001, '127.0.0.1');
`,
    },
    flows: [
      F.simpleFlow(F.request('GET', [], 'http://127.0.0.1:4000/api/hello', OTHER), res(200, [['Access-Control-Allow-Origin', OTHER], ['Vary', 'Origin']])),
      F.simpleFlow(F.request('GET'), res(200, [['Access-Control-Allow-Origin', OTHER]])),
      F.preflightedFlow('PUT', ['content-type'], res(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'GET, POST'], ['Access-Control-Max-Age', '5']])),
      F.simpleFlow(withCookie('GET', 'http://127.0.0.1:4000/api/profile'), res(200, [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true']])),
    ],
  },
  {
    // The user's own allow-list function (named like ours, with its own list): amended in place.
    name: 'node-http-own-allow-list-extend',
    framework: 'node-http',
    title: 'Allow origin http://localhost:5173',
    files: {
      'server.js': `const http = require('node:http');
const { handleApi } = require('./api');

const port = Number(process.env.PORT) || 4000;

const ALLOWED_ORIGINS = ['http://localhost:3000'];

// Returns true when the request was a preflight and has been answered.
function applyCors(req, res) {
	const origin = req.headers.origin;
	if (origin && ALLOWED_ORIGINS.includes(origin)) {
		res.setHeader('Access-Control-Allow-Origin', origin);
		res.setHeader('Access-Control-Allow-Credentials', 'true');
		res.setHeader('Vary', 'Origin');
	}
	if (req.method === 'OPTIONS') {
		res.writeHead(204, {
			'Access-Control-Allow-Methods': 'GET, POST, PUT',
			'Access-Control-Allow-Headers': 'Content-Type',
			'Access-Control-Max-Age': '600',
		});
		res.end();
		return true;
	}
	return false;
}

const server = http.createServer((req, res) => {
	if (applyCors(req, res)) return;
	handleApi(req, res).catch((err) => {
		console.error(err);
		res.writeHead(500);
		res.end();
	});
});

server.listen(port, '127.0.0.1', () => {
	console.log(\`items API on http://127.0.0.1:\${port}\`);
});
`,
    },
    flows: [
      F.simpleFlow(withCookie(), res(200, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true'], ['Vary', 'Origin']])),
      F.simpleFlow(withCookie('GET', ITEMS, OTHER), res(200)),
      otherPreflight('DELETE', ['authorization'], res(204, [['Access-Control-Allow-Methods', 'GET, POST, PUT'], ['Access-Control-Allow-Headers', 'Content-Type'], ['Access-Control-Max-Age', '600']])),
    ],
  },
];

const NEXT_APP = {
  'package.json': pkg({ next: '^16.0.0', react: '^19.0.0' }),
  'tsconfig.json': '{ "compilerOptions": { "strict": true } }\n',
  'app/api/items/route.ts': `export async function GET() {
  return Response.json([]);
}
`,
  'app/api/items/[id]/route.ts': `export async function PUT(request: Request) {
  return Response.json(await request.json());
}

export async function DELETE() {
  return new Response(null, { status: 204 });
}
`,
};

export const NEXT_CASES: FixCase[] = [
  {
    name: 'nextjs-15-ts-middleware',
    framework: 'nextjs',
    title: 'Allow origin http://localhost:3000',
    files: {
      'package.json': pkg({ next: '^15.3.0', react: '^19.0.0' }),
      'tsconfig.json': '{ "compilerOptions": { "strict": true } }\n',
      'app/api/items/route.ts': `import { NextResponse } from 'next/server';

export async function GET() {
  return NextResponse.json([]);
}

export async function PUT(request: Request) {
  return NextResponse.json(await request.json());
}
`,
    },
    flows: [credentialedGetNoCors(), jsonPutPreflight404()],
  },
  {
    name: 'nextjs-16-js-proxy-src-dir',
    framework: 'nextjs',
    title: 'Allow origin http://localhost:3000',
    files: {
      'package.json': pkg({ next: '16.0.1' }),
      'src/app/api/items/[id]/route.js': `export async function DELETE(request, { params }) {
  const { id } = await params
  return Response.json({ id })
}
`,
    },
    flows: [F.preflightedFlow('DELETE', [], res(404), undefined)].map((f) => ({ ...f, preflight: { ...f.preflight!, request: F.preflightRequest('DELETE', [], 'http://127.0.0.1:4000/api/items/7') } })),
  },
  {
    // A hand-written middleware.ts with an allow-list checked by includes(origin): the
    // list and the header values grow in place.
    name: 'nextjs-hand-written-allow-list-extend',
    framework: 'nextjs',
    title: 'Allow origin http://localhost:5173',
    files: { ...NEXT_APP, 'middleware.ts': `import { NextResponse, type NextRequest } from "next/server";

const allowedOrigins = ["http://localhost:3000"];

const corsOptions = {
  "Access-Control-Allow-Methods": "GET, POST, PUT",
  "Access-Control-Allow-Headers": "Content-Type",
  "Access-Control-Allow-Credentials": "true",
  "Access-Control-Max-Age": "600",
};

export function middleware(request: NextRequest) {
  const origin = request.headers.get("origin") ?? "";
  const isAllowedOrigin = allowedOrigins.includes(origin);

  if (request.method === "OPTIONS") {
    const preflightHeaders = {
      ...(isAllowedOrigin && { "Access-Control-Allow-Origin": origin }),
      ...corsOptions,
    };
    return NextResponse.json({}, { headers: preflightHeaders });
  }

  const response = NextResponse.next();
  if (isAllowedOrigin) {
    response.headers.set("Access-Control-Allow-Origin", origin);
    response.headers.set("Vary", "Origin");
  }
  Object.entries(corsOptions).forEach(([key, value]) => {
    response.headers.set(key, value);
  });
  return response;
}

export const config = {
  matcher: "/api/:path*",
};
` },
    flows: [
      F.simpleFlow(withCookie(), res(200, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true']])),
      F.simpleFlow(withCookie('GET', ITEMS, OTHER), res(200, [['Access-Control-Allow-Credentials', 'true']])),
      otherPreflight('DELETE', ['authorization'], res(200, [['Access-Control-Allow-Methods', 'GET, POST, PUT'], ['Access-Control-Allow-Headers', 'Content-Type'], ['Access-Control-Allow-Credentials', 'true']])),
    ],
  },
  {
    // One literal origin in a header object, and two origins needed: the origins become
    // a list checked against the request's Origin.
    name: 'nextjs-hand-written-literal-origin-to-list',
    framework: 'nextjs',
    title: 'Allow origin http://localhost:5173',
    files: { ...NEXT_APP, 'middleware.ts': `import { NextResponse, type NextRequest } from "next/server";

const corsHeaders = {
  "Access-Control-Allow-Origin": "http://localhost:3000",
  "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type",
};

export function middleware(request: NextRequest) {
  // Answer the preflight here: the route handlers have no OPTIONS.
  if (request.method === "OPTIONS") {
    return new NextResponse(null, { status: 204, headers: corsHeaders });
  }
  const response = NextResponse.next();
  for (const [name, value] of Object.entries(corsHeaders)) {
    response.headers.set(name, value);
  }
  return response;
}

export const config = {
  matcher: "/api/:path*",
};
` },
    flows: [
      F.simpleFlow(F.request('GET'), res(200, [['Access-Control-Allow-Origin', PAGE]])),
      F.simpleFlow(F.request('GET', [], ITEMS, OTHER), res(200, [['Access-Control-Allow-Origin', PAGE]])),
      otherPreflight('PUT', ['content-type'], res(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS'], ['Access-Control-Allow-Headers', 'Content-Type']])),
    ],
  },
  {
    // A session check answers before the CORS code: the preflight branch moves above it.
    name: 'nextjs-hand-written-session-check-first',
    framework: 'nextjs',
    title: 'CORS before',
    files: { ...NEXT_APP, 'middleware.ts': `import { NextResponse, type NextRequest } from "next/server";
import { userForSession } from "@/lib/session";

const corsHeaders = {
  "Access-Control-Allow-Origin": "http://localhost:5173",
  "Access-Control-Allow-Credentials": "true",
  "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE",
  "Access-Control-Allow-Headers": "Content-Type",
};

export function middleware(request: NextRequest) {
  // Only signed-in users reach the API.
  if (!userForSession(request.cookies.get("sid")?.value)) {
    return NextResponse.json({ error: "sign in first" }, { status: 401 });
  }

  if (request.method === "OPTIONS") {
    return new NextResponse(null, { status: 204, headers: corsHeaders });
  }
  const response = NextResponse.next();
  for (const [name, value] of Object.entries(corsHeaders)) {
    response.headers.set(name, value);
  }
  return response;
}

export const config = {
  matcher: "/api/:path*",
};
` },
    flows: [
      F.simpleFlow(withCookie('GET', ITEMS, OTHER), res(200, [['Access-Control-Allow-Origin', OTHER], ['Access-Control-Allow-Credentials', 'true']])),
      otherPreflight('PUT', ['content-type'], res(401)),
    ],
  },
  {
    // Headers set by a helper with .set(...) calls: the request header joins the list.
    name: 'nextjs-16-hand-written-proxy-set-calls',
    framework: 'nextjs',
    title: 'Allow header x-request-id for http://localhost:5173',
    files: { ...NEXT_APP, 'proxy.ts': `import { NextResponse, type NextRequest } from "next/server";

const ALLOWED_ORIGIN = "http://localhost:5173";

function withCors(response: NextResponse) {
  response.headers.set("Access-Control-Allow-Origin", ALLOWED_ORIGIN);
  response.headers.set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE");
  response.headers.set("Access-Control-Allow-Headers", "Content-Type");
  return response;
}

export function proxy(request: NextRequest) {
  if (request.method === "OPTIONS") {
    return withCors(new NextResponse(null, { status: 204 }));
  }
  return withCors(NextResponse.next());
}

export const config = {
  matcher: "/api/:path*",
};
` },
    flows: [
      F.simpleFlow(F.request('GET', [], ITEMS, OTHER), res(200, [['Access-Control-Allow-Origin', OTHER]])),
      F.preflightedFlow('GET', ['x-request-id'], res(204, [['Access-Control-Allow-Origin', OTHER], ['Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE'], ['Access-Control-Allow-Headers', 'Content-Type']])),
    ].map((f) => (f.preflight ? { ...f, preflight: { ...f.preflight, request: F.preflightRequest('GET', ['x-request-id'], ITEMS, OTHER) } } : f)),
  },
];

export const ALL_CASES: FixCase[] = [...EXPRESS_CASES, ...FASTIFY_CASES, ...KOA_CASES, ...HONO_CASES, ...NEST_CASES, ...NODE_HTTP_CASES, ...NEXT_CASES];
