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

export const ALL_CASES: FixCase[] = [...EXPRESS_CASES];
