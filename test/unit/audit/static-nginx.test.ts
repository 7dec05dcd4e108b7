// Static findings in nginx configuration and their allow-list fix (the nginx generator).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeSource, planAllowListFix, staticFindings, wantsStaticFile } from '../../../src/core/audit/static';
import { applyEdits } from '../../../src/core/codefix/edits';
import { parseNginx } from '../../../src/core/codefix/nginx/tree';

const AUDIT_SAMPLE = readFileSync(path.resolve(__dirname, '../../audit/samples/nginx.conf'), 'utf8');

function found(text: string, file = 'nginx.conf') {
  return staticFindings({ path: file, text }).map((f) => `${f.id} ${f.severity} ${f.range.start.line}`);
}

const LOCATION = (lines: string) => `http {
    server {
        listen 80;
        location /api/ {
${lines}
            proxy_pass http://app:4000;
        }
    }
}
`;

describe('audit: static findings in nginx configuration', () => {
  it('flags $http_origin in Access-Control-Allow-Origin: high with credentials, low without', () => {
    assert.deepEqual(found(LOCATION('            add_header Access-Control-Allow-Origin $http_origin always;\n            add_header Access-Control-Allow-Credentials true always;')), ['any-origin-reflected high 4']);
    assert.deepEqual(found(LOCATION('            add_header Access-Control-Allow-Origin "$http_origin";')), ['any-origin-reflected low 4']);
    assert.deepEqual(found(LOCATION('            add_header Access-Control-Allow-Origin https://app.example.com always;\n            add_header Access-Control-Allow-Credentials true always;')), []);
    // A comment is not configuration.
    assert.deepEqual(found(LOCATION('            # add_header Access-Control-Allow-Origin $http_origin;')), []);
  });

  it('takes credentials from the location around an if block that has no add_header of its own, not across one that has', () => {
    const inherits = LOCATION(`            add_header Access-Control-Allow-Credentials true always;
            if ($request_method = GET) {
                set $x 1;
            }
            add_header Access-Control-Allow-Origin $http_origin always;`);
    assert.deepEqual(found(inherits), ['any-origin-reflected high 8']);
    const own = LOCATION(`            add_header Access-Control-Allow-Credentials true always;
            if ($request_method = OPTIONS) {
                add_header Access-Control-Allow-Origin $http_origin always;
                return 204;
            }`);
    assert.deepEqual(found(own), ['any-origin-reflected low 6']);
  });

  it('reads .conf files and site files, and nothing else as nginx', () => {
    assert.ok(wantsStaticFile('deploy/nginx.conf'));
    assert.ok(wantsStaticFile('sites-available/api'));
    assert.equal(found(LOCATION('            add_header Access-Control-Allow-Origin $http_origin;'), 'README.md').length, 0);
  });

  it('fires on the audit sample (/reflect and its preflight block; /prefix, whose map regex has no $), with its CORS sites', () => {
    assert.deepEqual(found(AUDIT_SAMPLE), ['any-origin-reflected high 33', 'any-origin-reflected high 36', 'lookalike-origin-allowed high 46', 'lookalike-origin-allowed high 50']);
    assert.equal(analyzeSource({ path: 'nginx.conf', text: AUDIT_SAMPLE }).sites.length, 8); // two Access-Control-Allow-Origin lines in each of the four locations
  });

  it('fixes the whole location into an exact allow-list with Vary: Origin, and the result is not flagged', () => {
    const [finding] = staticFindings({ path: 'nginx.conf', text: AUDIT_SAMPLE });
    const plan = planAllowListFix({ path: 'nginx.conf', text: AUDIT_SAMPLE }, finding, ['https://app.example.com']);
    assert.ok(!('refused' in plan), JSON.stringify(plan));
    assert.equal(plan.title, 'Allow only https://app.example.com (with credentials)');
    const fixed = applyEdits(AUDIT_SAMPLE, plan.edits);
    assert.deepEqual(parseNginx(fixed).errors, []);
    // /reflect is clean; /prefix (a finding of its own, fixed on its own) is untouched.
    assert.deepEqual(found(fixed).map((f) => f.split(' ')[0]), ['lookalike-origin-allowed', 'lookalike-origin-allowed']);
    const reflect = fixed.slice(fixed.indexOf('location /reflect'), fixed.indexOf('location /prefix'));
    assert.equal(reflect.match(/add_header Access-Control-Allow-Origin https:\/\/app\.example\.com always;/g)?.length, 2, reflect);
    assert.equal(reflect.match(/add_header Vary Origin always;/g)?.length, 2, reflect);
    // Only the /reflect location changed.
    assert.equal(fixed.slice(fixed.indexOf('location /prefix')), AUDIT_SAMPLE.slice(AUDIT_SAMPLE.indexOf('location /prefix')));
  });

  it('reads the regex entries of the map an Access-Control-Allow-Origin variable comes from', () => {
    const conf = (entry: string, credentials = true) => `http {
    map $http_origin $ok_origin {
        default "";
        ${entry} $http_origin;
    }
    server {
        location /api/ {
            add_header Access-Control-Allow-Origin $ok_origin always;${credentials ? '\n            add_header Access-Control-Allow-Credentials true always;' : ''}
        }
    }
}
`;
    assert.deepEqual(found(conf('"~^https://app\\.example\\.com$"')), []);
    assert.deepEqual(found(conf('"https://app.example.com"')), []);
    assert.deepEqual(found(conf('"~^https://app.example.com$"')), ['lookalike-origin-allowed high 7']);
    assert.deepEqual(found(conf('"~*^https://([a-z0-9-]+\\.)*example\\.com$"')), ['any-subdomain-allowed medium 7']);
    assert.deepEqual(found(conf('~.*')), ['any-origin-reflected high 7']);
    assert.deepEqual(found(conf('~.*', false)), []);
    // The fix replaces the map's variable with the exact allow-list; the old map is left alone.
    const text = conf('"~^https://app\\.example\\.com"');
    const [finding] = staticFindings({ path: 'nginx.conf', text });
    const plan = planAllowListFix({ path: 'nginx.conf', text }, finding, ['https://app.example.com']);
    assert.ok(!('refused' in plan), JSON.stringify(plan));
    const fixed = applyEdits(text, plan.edits);
    assert.match(fixed, /add_header Access-Control-Allow-Origin https:\/\/app\.example\.com always;/);
    assert.deepEqual(found(fixed), []);
  });

  it('writes a map for several origins, and refuses a dangerous allow-list', () => {
    const text = LOCATION('            add_header Access-Control-Allow-Origin $http_origin always;\n            add_header Access-Control-Allow-Credentials true always;');
    const [finding] = staticFindings({ path: 'nginx.conf', text });
    const plan = planAllowListFix({ path: 'nginx.conf', text }, finding, ['https://b.example.com', 'https://a.example.com']);
    assert.ok(!('refused' in plan), JSON.stringify(plan));
    const fixed = applyEdits(text, plan.edits);
    assert.match(fixed, /map \$http_origin \$cors_origin \{\n {8}default "";\n {8}"https:\/\/a\.example\.com" \$http_origin;\n {8}"https:\/\/b\.example\.com" \$http_origin;\n {4}\}\n\n {4}server \{/);
    assert.match(fixed, /add_header Access-Control-Allow-Origin \$cors_origin always;/);
    assert.deepEqual(found(fixed), []);
    const refused = planAllowListFix({ path: 'nginx.conf', text }, finding, ['null']);
    assert.ok('refused' in refused);
  });
});
