// Every quick fix is audited before it is offered: over many recorded situations
// (origins of every kind, credentials, unusual methods and headers, Private Network
// Access), no planned fix carries a policy with a high finding, and the edited code
// is free of high static findings. A planner that let one through is a bug.
import { strict as assert } from 'node:assert';
import { planFix } from '../../../src/core/codefix/plan';
import { applyEditsToFiles } from '../../../src/core/codefix/edits';
import { auditPolicy } from '../../../src/core/audit/policy-audit';
import { staticFindings } from '../../../src/core/audit/static';
import type { CorsFlow } from '../../../src/core/cors/types';
import type { HeaderList } from '../../../src/core/http/types';
import { recordsOf } from '../codefix/records';

const API = 'http://127.0.0.1:4000';
const PACKAGE = { path: 'package.json', text: '{ "name": "s", "dependencies": { "express": "^5.1.0", "cors": "^2.8.5" } }\n' };
const SERVERS: Record<string, string> = {
  'no CORS': `const express = require('express');\nconst app = express();\napp.get('/api/items', (req, res) => res.json([]));\napp.put('/api/items', (req, res) => res.json({}));\napp.listen(4000);\n`,
  'cors() for one origin': `const express = require('express');\nconst cors = require('cors');\nconst app = express();\napp.use(cors({ origin: 'http://localhost:3000' }));\napp.get('/api/items', (req, res) => res.json([]));\napp.listen(4000);\n`,
};

const ORIGINS = ['http://localhost:5173', 'https://app.example.com', 'null', 'http://app.example.com'];

function flow(origin: string, method: string, credentials: boolean, extra: HeaderList, pna: boolean): CorsFlow {
  const headers: HeaderList = [['Host', '127.0.0.1:4000'], ['Origin', origin], ['Sec-Fetch-Mode', 'cors'], ...(credentials ? ([['Cookie', 'sid=1']] as HeaderList) : []), ...extra];
  const needsPreflight = method !== 'GET' || extra.length > 0 || pna;
  const preflight = needsPreflight
    ? {
        request: {
          method: 'OPTIONS',
          url: `${API}/api/items`,
          headers: [
            ['Host', '127.0.0.1:4000'], ['Origin', origin], ['Access-Control-Request-Method', method], ['Sec-Fetch-Mode', 'cors'],
            ...(extra.length ? ([['Access-Control-Request-Headers', extra.map(([n]) => n.toLowerCase()).sort().join(',')]] as HeaderList) : []),
            ...(pna ? ([['Access-Control-Request-Private-Network', 'true']] as HeaderList) : []),
          ] as HeaderList,
        },
        response: { status: 204, headers: [] as HeaderList },
      }
    : null;
  return {
    preflight,
    requests: needsPreflight ? [] : [{ request: { method, url: `${API}/api/items`, headers }, response: { status: 200, headers: [['Content-Type', 'application/json']] as HeaderList } }],
    complete: true,
  };
}

describe('audit: every planned quick fix passes the audit', () => {
  it('no fix the planner offers carries a high finding, in policy or code', () => {
    let planned = 0;
    let refused = 0;
    for (const [name, server] of Object.entries(SERVERS)) {
      for (const origin of ORIGINS) {
        for (const method of ['GET', 'PUT', 'DELETE']) {
          for (const credentials of [false, true]) {
            for (const extra of [[], [['X-Token', 'a']], [['Authorization', 'Bearer x']]] as HeaderList[]) {
              for (const pna of [false, true]) {
                const files = [PACKAGE, { path: 'server.js', text: server }];
                const records = recordsOf([flow(origin, method, credentials, extra, pna), flow('http://localhost:5173', 'GET', credentials, [], false)]);
                const plan = planFix({ files, records });
                if (plan.status !== 'fix') {
                  refused++;
                  continue;
                }
                planned++;
                const where = `${name}, ${origin} ${method} creds=${credentials} ${JSON.stringify(extra)} pna=${pna}`;
                const high = auditPolicy(plan.policy!).filter((f) => f.severity === 'high');
                assert.deepEqual(high, [], `${where}: ${plan.title}`);
                const edited = applyEditsToFiles(files, plan.changes.flatMap((c) => c.edits));
                for (const f of edited) {
                  const flagged = staticFindings(f).filter((x) => x.severity === 'high');
                  assert.deepEqual(flagged.map((x) => x.title), [], `${where}: ${f.path}`);
                }
              }
            }
          }
        }
      }
    }
    assert.ok(planned > 50, `only ${planned} fixes were planned (${refused} refused): the test would prove little`);
    console.log(`      ${planned} planned fixes audited, ${refused} situations without a fix`);
  });

  it('the audit catches the dangerous policies a broken planner could produce', () => {
    const base = { methods: [], allowHeaders: [], varyOrigin: true, privateNetwork: false };
    for (const origins of [['*'], ['null'], ['https://*.example.com'], ['^https://app\\.example\\.com']]) {
      assert.ok(auditPolicy({ ...base, origins, credentials: true }).some((f) => f.severity === 'high'), JSON.stringify(origins));
    }
    assert.deepEqual(auditPolicy({ ...base, origins: ['http://localhost:5173', 'https://app.example.com'], credentials: true }), []);
  });
});
