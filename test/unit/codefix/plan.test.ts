// planFix beyond the framework cases: code that already allows the policy, focus on one
// Problem, where Problems point, which files are read, and the edit/diff helpers.
import { strict as assert } from 'node:assert';
import { applyEdits } from '../../../src/core/codefix/edits';
import { unifiedDiff } from '../../../src/core/codefix/diff';
import { corsLocation, filesToRead, planFix } from '../../../src/core/codefix/plan';
import { fixTitle } from '../../../src/core/codefix/title';
import type { SourceFile } from '../../../src/core/codefix/types';
import * as F from '../cors/flows';
import { credentialedGetNoCors, jsonPutPreflight404, OTHER, PKG_EXPRESS } from './cases';
import { recordsOf } from './records';

const served = (origin: string) => `const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({ origin: ['${origin}'], credentials: true }));
app.get('/api/items', (req, res) => res.json([]));
`;

describe('planFix', () => {
  it('code that already satisfies the policy gets no edit (nothing-to-fix)', () => {
    const files: SourceFile[] = [{ path: 'package.json', text: PKG_EXPRESS }, { path: 'server.js', text: served(F.PAGE) }];
    const plan = planFix({ files, records: recordsOf([credentialedGetNoCors(), jsonPutPreflight404()]) });
    assert.equal(plan.status, 'nothing-to-fix', plan.title);
    assert.deepEqual(plan.changes, []);
    assert.deepEqual(plan.location, { file: 'server.js', line: 4, character: 0 });
  });

  it('no failing exchange: nothing-to-fix', () => {
    const plan = planFix({ files: [], records: recordsOf([F.simpleFlow(F.request('GET'), F.response(200, [['Access-Control-Allow-Origin', F.PAGE]]))]) });
    assert.equal(plan.status, 'nothing-to-fix');
  });

  it('focus narrows the fix to one Problem, and passing flows stay allowed', () => {
    const records = recordsOf([
      F.simpleFlow(F.request('GET', [], F.API, OTHER), F.response(200)),
      credentialedGetNoCors(),
      F.simpleFlow(F.request('GET', [], F.API, 'https://ok.example'), F.response(200, [['Access-Control-Allow-Origin', 'https://ok.example']])),
    ]);
    const files: SourceFile[] = [{ path: 'package.json', text: PKG_EXPRESS }, { path: 'server.js', text: "const express = require('express');\nconst app = express();\n" }];
    const target = records.find((r) => r.request.headers.some(([n]) => n === 'Cookie'))!;
    const plan = planFix({ files, records, focus: { exchangeIds: [target.id] } });
    assert.equal(plan.status, 'fix');
    assert.deepEqual(plan.policy?.origins, [F.PAGE, 'https://ok.example']);
    assert.equal(plan.title, `Allow origins ${F.PAGE} and https://ok.example with credentials`);
  });

  it('Problems point at the CORS configuration, else at the app, else at the hand-written header', () => {
    const records = recordsOf([credentialedGetNoCors()]);
    const pkg = { path: 'package.json', text: PKG_EXPRESS };
    assert.deepEqual(corsLocation({ files: [pkg, { path: 'server.js', text: served(OTHER) }], records }), { file: 'server.js', line: 4, character: 0 });
    assert.deepEqual(corsLocation({ files: [pkg, { path: 'src/app.js', text: "import express from 'express';\n\nexport const app = express();\n" }], records }), { file: 'src/app.js', line: 2, character: 0 });
    const handWritten = `const http = require('http');
http.createServer((req, res) => {
  if (req.url === '/api/items') {
    res.setHeader('Access-Control-Allow-Origin', 'http://localhost:5173');
    return res.end('[]');
  }
}).listen(4000);
`;
    assert.deepEqual(corsLocation({ files: [{ path: 'api.js', text: handWritten }], records }), { file: 'api.js', line: 3, character: 4 });
    assert.equal(corsLocation({ files: [], records }), null);
  });

  it('a Next.js middleware the tool did not write is not overwritten', () => {
    const files: SourceFile[] = [
      { path: 'package.json', text: JSON.stringify({ dependencies: { next: '15.0.0' } }) },
      { path: 'app/api/items/route.ts', text: 'export async function GET() { return Response.json([]); }\n' },
      { path: 'middleware.ts', text: "export function middleware() {}\n" },
    ];
    const plan = planFix({ files, records: recordsOf([credentialedGetNoCors()]) });
    assert.equal(plan.status, 'unfixable');
    assert.match(plan.unfixable[0].reason, /middleware\.ts already exists/);
  });

  it('--framework overrides detection, and a framework with no app says so', () => {
    const files: SourceFile[] = [{ path: 'package.json', text: PKG_EXPRESS }, { path: 'server.js', text: served(OTHER) }];
    const plan = planFix({ files, records: recordsOf([credentialedGetNoCors()]), framework: 'koa' });
    assert.equal(plan.status, 'unfixable');
    assert.match(plan.unfixable[0].reason, /no Koa app found/);
  });
});

describe('codefix helpers', () => {
  it('filesToRead skips dependencies and build output and asks for no grammar for JS', () => {
    const req = filesToRead(['server.js', 'package.json', 'node_modules/x/index.js', 'dist/cli.js', 'src/a.ts', 'README.md', 'types.d.ts', '.git/HEAD']);
    assert.deepEqual(req.files, ['server.js', 'package.json', 'src/a.ts']);
    assert.deepEqual(req.languages, []);
  });

  it('applyEdits applies in order and refuses overlapping edits', () => {
    const text = 'a\nbc\nd\n';
    const e = (l: number, c: number, l2: number, c2: number, newText: string) => ({ file: 'f', range: { start: { line: l, character: c }, end: { line: l2, character: c2 } }, newText });
    assert.equal(applyEdits(text, [e(1, 1, 1, 2, 'X'), e(0, 0, 0, 0, '>')]), '>a\nbX\nd\n');
    assert.throws(() => applyEdits(text, [e(1, 0, 1, 2, ''), e(1, 1, 2, 0, '')]), /overlapping/);
  });

  it('unifiedDiff prints hunks with context, and /dev/null for a new file', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].join('\n') + '\n';
    const after = before.replace('5\n', '5\nfive\n');
    assert.equal(unifiedDiff('x.js', before, after), '--- a/x.js\n+++ b/x.js\n@@ -3,6 +3,7 @@\n 3\n 4\n 5\n+five\n 6\n 7\n 8\n');
    assert.equal(unifiedDiff('n.js', null, 'a\n'), '--- /dev/null\n+++ b/n.js\n@@ -0,0 +1,1 @@\n+a\n');
    assert.equal(unifiedDiff('x.js', before, before), '');
  });

  it('titles say what the fix does', () => {
    const policy = { origins: ['http://localhost:5173'], methods: [], allowHeaders: [], exposeHeaders: [], credentials: true, maxAgeSeconds: 600, privateNetwork: false, varyOrigin: true };
    assert.equal(fixTitle(policy, null), 'Allow origin http://localhost:5173 with credentials');
    const allowed = { origins: ['http://localhost:5173'], methods: ['GET'], allowHeaders: [], exposeHeaders: [], credentials: true, maxAgeSeconds: null, privateNetwork: false };
    assert.equal(fixTitle({ ...policy, methods: ['PUT'] }, allowed), 'Allow method PUT for http://localhost:5173');
  });
});
