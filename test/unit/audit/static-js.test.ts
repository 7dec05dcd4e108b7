// Static findings in JavaScript/TypeScript server code and their allow-list fix.
import { strict as assert } from 'node:assert';
import { applyEdits } from '../../../src/core/codefix/edits';
import { planAllowListFix, staticFindings } from '../../../src/core/audit/static';

function found(text: string, path = 'server.js') {
  return staticFindings({ path, text }).map((f) => `${f.id} ${f.severity} ${f.range.start.line}`);
}

const EXPRESS = (options: string) => `const express = require('express');
const cors = require('cors');
const app = express();
app.use(cors(${options}));
app.listen(3000);
`;

describe('audit: static findings in JS/TS', () => {
  it('flags origin: true with credentials, and not without', () => {
    assert.deepEqual(found(EXPRESS('{ origin: true, credentials: true }')), ['any-origin-reflected high 3']);
    assert.deepEqual(found(EXPRESS('{ origin: true }')), []);
    assert.deepEqual(found(EXPRESS("{ origin: ['https://app.example.com'], credentials: true }")), []);
  });

  it('follows an options const, and reads callbacks that accept everything', () => {
    const text = `import cors from 'cors';
const corsOptions = {
  origin: (origin, callback) => callback(null, true),
  credentials: true,
};
app.use(cors(corsOptions));
`;
    assert.deepEqual(found(text, 'server.ts'), ['any-origin-reflected high 2']);
    assert.deepEqual(found(EXPRESS('{ origin: function (o, cb) { cb(null, o) }, credentials: true }')), ['any-origin-reflected high 3']);
    assert.deepEqual(found(EXPRESS("{ origin: (o, cb) => cb(null, allowed.includes(o)), credentials: true }")), []);
  });

  it('knows each middleware\'s defaults: @koa/cors echoes any origin with credentials and no origin', () => {
    const koa = (options: string) => `const cors = require('@koa/cors');\napp.use(cors(${options}));\n`;
    assert.deepEqual(found(koa('{ credentials: true }')), ['any-origin-reflected high 1']);
    assert.deepEqual(found(koa("{ origin: '*', credentials: true }")), ['any-origin-reflected high 1']);
    assert.deepEqual(found(koa('{ origin: (ctx) => ctx.get(\'Origin\'), credentials: true }')), ['any-origin-reflected high 1']);
    assert.deepEqual(found(koa("{ origin: 'https://app.example.com', credentials: true }")), []);
    assert.deepEqual(found(`const cors = require('@fastify/cors');\napp.register(cors, { origin: true, credentials: true });\n`), ['any-origin-reflected high 1']);
    assert.deepEqual(found(EXPRESS('{ origin(o, cb) { cb(null, true); }, credentials: true }')), ['any-origin-reflected high 3']);
  });

  it('flags "null", loose regexes and string checks', () => {
    assert.deepEqual(found(EXPRESS("{ origin: ['https://app.example.com', 'null'], credentials: true }")), ['null-origin-allowed high 3']);
    assert.deepEqual(found(EXPRESS('{ origin: /^https:\\/\\/app.example.com$/, credentials: true }')), ['lookalike-origin-allowed high 3']);
    assert.deepEqual(found(EXPRESS('{ origin: /^https:\\/\\/app\\.example\\.com$/, credentials: true }')), []);
    assert.deepEqual(found(EXPRESS("{ origin: (o, cb) => cb(null, o.endsWith('example.com')), credentials: true }")), ['lookalike-origin-allowed high 3']);
    assert.deepEqual(found(EXPRESS("{ origin: (o, cb) => cb(null, o.endsWith('.example.com')), credentials: true }")), ['any-subdomain-allowed medium 3']);
    assert.deepEqual(found(EXPRESS("{ origin: (o, cb) => cb(null, !o || o.startsWith('https://app.example.com')) }")), ['lookalike-origin-allowed low 3']);
  });

  it('flags hand-written headers that echo the Origin without a real check', () => {
    const text = `app.use((req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  next();
});
`;
    assert.deepEqual(found(text), ['any-origin-reflected high 1']);
    const truthy = `app.use((req, res, next) => {
  const origin = req.get('Origin');
  if (origin) res.header('Access-Control-Allow-Origin', origin);
  next();
});
`;
    assert.deepEqual(found(truthy), ['any-origin-reflected low 2']);
    const checked = `const allowed = ['https://app.example.com'];
app.use((req, res, next) => {
  const origin = req.headers.origin;
  if (allowed.includes(origin)) res.setHeader('Access-Control-Allow-Origin', origin);
  next();
});
`;
    assert.deepEqual(found(checked), []);
    const loose = `app.use((req, res, next) => {
  const origin = req.headers.origin;
  if (origin && origin.endsWith('example.com')) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  next();
});
`;
    assert.deepEqual(found(loose), ['lookalike-origin-allowed high 2']);
  });

  describe('the allow-list quick fix', () => {
    function fix(text: string, origins: string[], path = 'server.js') {
      const [finding] = staticFindings({ path, text });
      const plan = planAllowListFix({ path, text }, finding, origins);
      if ('refused' in plan) return plan;
      return { ...plan, text: applyEdits(text, plan.edits) };
    }

    it('turns origin: true into an allow-list in the file\'s style, and the result is clean', () => {
      const r = fix(EXPRESS('{ origin: true, credentials: true }'), ['http://localhost:5173']);
      assert.ok('text' in r, JSON.stringify(r));
      assert.match(r.text, /app\.use\(cors\(\{ origin: \['http:\/\/localhost:5173'\], credentials: true \}\)\);/);
      assert.deepEqual(found(r.text), []);
      assert.equal(r.title, 'Allow only http://localhost:5173 (with credentials)');
    });

    it('guards a hand-written header and adds Vary', () => {
      const text = `app.use((req, res, next) => {\n  res.setHeader("Access-Control-Allow-Origin", req.headers.origin)\n  res.setHeader("Access-Control-Allow-Credentials", "true")\n  next()\n})\n`;
      const r = fix(text, ['https://app.example.com']);
      assert.ok('text' in r, JSON.stringify(r));
      assert.equal(r.text, `app.use((req, res, next) => {\n  if (["https://app.example.com"].includes(req.headers.origin)) res.setHeader("Access-Control-Allow-Origin", req.headers.origin)\n  res.setHeader("Vary", "Origin")\n  res.setHeader("Access-Control-Allow-Credentials", "true")\n  next()\n})\n`);
      assert.deepEqual(found(r.text), []);
    });

    it('never offers an allow-list that is itself dangerous', () => {
      const text = EXPRESS('{ origin: true, credentials: true }');
      for (const bad of [['*'], ['null'], ['https://*.example.com'], ['not an origin'], []]) {
        const r = fix(text, bad);
        assert.ok('refused' in r, `${JSON.stringify(bad)} was accepted`);
      }
    });
  });
});
