// Quick-fix cases: a server's files and the flows the browser recorded against it.
// The expected edited files live in expected/<case>/ (reviewed by hand); run with
// UPDATE_EXPECTED=1 to write them after a deliberate change, then review the diff.
import type { CorsFlow } from '../../../src/core/cors/types';
import type { HeaderList } from '../../../src/core/http/types';
import * as F from '../cors/flows';

export interface FixCase {
  name: string;
  framework: string;
  files: Record<string, string>;
  flows: CorsFlow[];
  /** Substrings the plan's title must contain. */
  title: string;
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
    files: {
      'package.json': pkg({ '@koa/cors': '^5.0.0', koa: '^2.15.0' }),
      'server.js': `const Koa = require('koa');
const cors = require('@koa/cors');

const app = new Koa();
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
];

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
];

export const ALL_CASES: FixCase[] = [...EXPRESS_CASES, ...FASTIFY_CASES, ...KOA_CASES, ...HONO_CASES, ...NEST_CASES, ...NODE_HTTP_CASES, ...NEXT_CASES];
