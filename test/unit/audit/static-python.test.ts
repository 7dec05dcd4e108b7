// Static findings in Python server code (read with the real tree-sitter-python grammar
// through the shells' GrammarLoader) and their allow-list fix: each finding fires on the
// flawed code and stays silent on an exact allow-list; each fix leaves nothing flagged.
import { strict as assert } from 'node:assert';
import { applyEdits } from '../../../src/core/codefix/edits';
import { planAllowListFix, staticFindings } from '../../../src/core/audit/static';
import type { Grammars } from '../../../src/core/codefix/types';
import { GrammarLoader } from '../../../src/shell/grammars';

const APP = 'https://app.example.com';

let grammars: Grammars = {};

function found(text: string, path = 'app.py'): string[] {
  return staticFindings({ path, text }, grammars).map((f) => `${f.id} ${f.severity} ${f.range.start.line}`);
}

/** The file after the first finding's quick fix, with the findings left in it. */
function fixed(text: string, origins = [APP], path = 'app.py'): { text: string; left: string[] } {
  const [finding] = staticFindings({ path, text }, grammars);
  assert.ok(finding, 'nothing flagged');
  const plan = planAllowListFix({ path, text }, finding, origins, grammars);
  assert.ok(!('refused' in plan), JSON.stringify(plan));
  const after = applyEdits(text, plan.edits);
  return { text: after, left: found(after, path) };
}

const DJANGO = (cors: string) => `INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
]

${cors}
`;

const FASTAPI = (options: string) => `from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, ${options})
`;

const FLASK = (args: string) => `from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app${args})
`;

const AFTER = (body: string, credentials = true) => `from flask import Flask, request

app = Flask(__name__)


@app.after_request
def add_cors(response):
${body}
${credentials ? '    response.headers["Access-Control-Allow-Credentials"] = "true"\n' : ''}    return response
`;

describe('audit: static findings in Python', () => {
  before(async () => {
    grammars = await new GrammarLoader().load(['python']);
  });

  it('reads nothing without the grammar (the shell loads it)', () => {
    assert.deepEqual(staticFindings({ path: 'settings.py', text: DJANGO('CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True') }), []);
  });

  describe('django-cors-headers', () => {
    it('flags CORS_ALLOW_ALL_ORIGINS (and the old CORS_ORIGIN_ALLOW_ALL) with credentials, not without', () => {
      assert.deepEqual(found(DJANGO('CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True'), 'settings.py'), ['any-origin-reflected high 7']);
      assert.deepEqual(found(DJANGO('CORS_ORIGIN_ALLOW_ALL = True\nCORS_ALLOW_CREDENTIALS = True'), 'settings.py'), ['any-origin-reflected high 7']);
      assert.deepEqual(found(DJANGO('CORS_ALLOW_ALL_ORIGINS = True'), 'settings.py'), []);
      assert.deepEqual(found(DJANGO(`CORS_ALLOWED_ORIGINS = ["${APP}"]\nCORS_ALLOW_CREDENTIALS = True`), 'settings.py'), []);
    });

    it('flags "null" in CORS_ALLOWED_ORIGINS', () => {
      assert.deepEqual(found(DJANGO(`CORS_ALLOWED_ORIGINS = ["${APP}", "null"]\nCORS_ALLOW_CREDENTIALS = True`), 'settings.py'), ['null-origin-allowed high 7']);
    });

    it('reads CORS_ALLOWED_ORIGIN_REGEXES as re.match does (anchored at the start only)', () => {
      const regexes = (r: string) => DJANGO(`CORS_ALLOWED_ORIGIN_REGEXES = [r"${r}"]\nCORS_ALLOW_CREDENTIALS = True`);
      assert.deepEqual(found(regexes('^https://app.example.com$'), 'settings.py'), ['lookalike-origin-allowed high 7']);
      assert.deepEqual(found(regexes('https://app\\.example\\.com'), 'settings.py'), ['lookalike-origin-allowed high 7']);
      assert.deepEqual(found(regexes('^https://\\w+\\.example\\.com$'), 'settings.py'), ['any-subdomain-allowed medium 7']);
      assert.deepEqual(found(regexes('^https://app\\.example\\.com$'), 'settings.py'), []);
    });

    it('fixes allow-all into CORS_ALLOWED_ORIGINS, and a loose regex by dropping it', () => {
      const all = fixed(DJANGO('CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True'), [APP], 'settings.py');
      assert.deepEqual(all.left, []);
      assert.match(all.text, /CORS_ALLOW_ALL_ORIGINS = False\nCORS_ALLOW_CREDENTIALS = True\nCORS_ALLOWED_ORIGINS = \["https:\/\/app\.example\.com"\]\n/);
      const regex = fixed(DJANGO('CORS_ALLOWED_ORIGIN_REGEXES = [r"^https://.*example.com$"]\nCORS_ALLOW_CREDENTIALS = True'), [APP], 'settings.py');
      assert.deepEqual(regex.left, []);
      assert.match(regex.text, /CORS_ALLOWED_ORIGIN_REGEXES = \[\]/);
      assert.match(regex.text, /CORS_ALLOWED_ORIGINS = \["https:\/\/app\.example\.com"\]/);
    });
  });

  describe('Starlette / FastAPI CORSMiddleware', () => {
    it('flags allow_origins=["*"] with allow_credentials=True, not without, nor an exact list', () => {
      assert.deepEqual(found(FASTAPI('allow_origins=["*"], allow_credentials=True')), ['any-origin-reflected high 4']);
      assert.deepEqual(found(FASTAPI('allow_origins=["*"]')), []);
      assert.deepEqual(found(FASTAPI(`allow_origins=["${APP}"], allow_credentials=True`)), []);
    });

    it('reads Middleware(CORSMiddleware, ...) in the app\'s middleware list, and an origins name', () => {
      const text = `from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

ORIGINS = ["*"]
app = Starlette(middleware=[Middleware(CORSMiddleware, allow_origins=ORIGINS, allow_credentials=True)])
`;
      assert.deepEqual(found(text), ['any-origin-reflected high 5']);
    });

    it('reads allow_origin_regex as re.fullmatch does (anchored at both ends)', () => {
      assert.deepEqual(found(FASTAPI('allow_origin_regex=r"https://app.example.com", allow_credentials=True')), ['lookalike-origin-allowed high 4']);
      assert.deepEqual(found(FASTAPI('allow_origin_regex=r"https://.*\\.example\\.com", allow_credentials=True')), ['any-subdomain-allowed medium 4']);
      assert.deepEqual(found(FASTAPI('allow_origin_regex=r"https://.*", allow_credentials=True')), ['any-origin-reflected high 4']);
      assert.deepEqual(found(FASTAPI('allow_origin_regex=r"https://app\\.example\\.com", allow_credentials=True')), []);
      assert.deepEqual(found(FASTAPI('allow_origin_regex=r"https://app.example.com"')), ['lookalike-origin-allowed low 4']);
    });

    it('fixes "*" into the exact list and replaces a loose regex with allow_origins', () => {
      const star = fixed(FASTAPI('allow_origins=["*"], allow_credentials=True, allow_methods=["*"]'));
      assert.deepEqual(star.left, []);
      assert.match(star.text, /allow_origins=\["https:\/\/app\.example\.com"\], allow_credentials=True, allow_methods=\["\*"\]\)/);
      const regex = fixed(FASTAPI('allow_origin_regex=r"https://.*.example.com", allow_credentials=True'));
      assert.deepEqual(regex.left, []);
      assert.match(regex.text, /add_middleware\(CORSMiddleware, allow_credentials=True, allow_origins=\["https:\/\/app\.example\.com"\]\)/);
    });
  });

  describe('Flask-CORS', () => {
    it('flags credentials with no origins (Flask-CORS echoes any) or "*", not an exact list or send_wildcard', () => {
      assert.deepEqual(found(FLASK(', supports_credentials=True')), ['any-origin-reflected high 4']);
      assert.deepEqual(found(FLASK(', origins="*", supports_credentials=True')), ['any-origin-reflected high 4']);
      assert.deepEqual(found(FLASK('')), []);
      assert.deepEqual(found(FLASK(`, origins=["${APP}"], supports_credentials=True`)), []);
      assert.deepEqual(found(FLASK(', supports_credentials=True, send_wildcard=True')), []);
    });

    it('flags @cross_origin with credentials and no origins, without a fix (a decorator is changed by hand)', () => {
      const text = `from flask import Flask
from flask_cors import cross_origin

app = Flask(__name__)


@app.route("/api/me")
@cross_origin(supports_credentials=True)
def me():
    return {}
`;
      const [f, ...rest] = staticFindings({ path: 'app.py', text }, grammars);
      assert.equal(`${f.id} ${f.severity} ${f.range.start.line}`, 'any-origin-reflected high 7');
      assert.equal(f.repair, null);
      assert.deepEqual(rest, []);
    });

    it('reads the options set in the app\'s config, which the call\'s keywords override', () => {
      const config = (line: string, args = '') => FLASK(args).replace('app = Flask(__name__)\n', `app = Flask(__name__)\n${line}\n`);
      assert.deepEqual(found(config('app.config["CORS_SUPPORTS_CREDENTIALS"] = True')), ['any-origin-reflected high 5']);
      assert.deepEqual(found(config('app.config.update(CORS_SUPPORTS_CREDENTIALS=True, CORS_ORIGINS="*")')), ['any-origin-reflected high 4']);
      assert.deepEqual(found(config(`app.config.update(CORS_SUPPORTS_CREDENTIALS=True, CORS_ORIGINS=["${APP}"])`)), []);
      const fix = fixed(config('app.config["CORS_SUPPORTS_CREDENTIALS"] = True'));
      assert.deepEqual(fix.left, []);
      assert.match(fix.text, /CORS\(app, origins=\["https:\/\/app\.example\.com"\], supports_credentials=True\)/);
    });

    it('reads the per-path options of resources={...} (over the call\'s), without a fix', () => {
      const text = FLASK(`, supports_credentials=True, resources={
    r"/api/*": {"origins": "*"},
    r"/admin/*": {"origins": ["${APP}"]},
    r"/public/*": {"origins": "*", "supports_credentials": False},
}`);
      assert.deepEqual(found(text), ['any-origin-reflected high 5']);
      assert.equal(staticFindings({ path: 'app.py', text }, grammars)[0].repair, null);
    });

    it('reads origin patterns as re.match does, and "null"', () => {
      assert.deepEqual(found(FLASK(', origins=r"https://.*\\.example\\.com", supports_credentials=True')), ['lookalike-origin-allowed high 4']);
      assert.deepEqual(found(FLASK(', origins=[r"https://.*\\.example\\.com$"], supports_credentials=True')), ['any-subdomain-allowed medium 4']);
      assert.deepEqual(found(FLASK(`, origins=["${APP}", "null"], supports_credentials=True`)), ['null-origin-allowed high 4']);
    });

    it('fixes them into origins=[...]', () => {
      const none = fixed(FLASK(', supports_credentials=True'));
      assert.deepEqual(none.left, []);
      assert.match(none.text, /CORS\(app, supports_credentials=True, origins=\["https:\/\/app\.example\.com"\]\)/);
      const pattern = fixed(FLASK(', origins=r"https://.*\\.example\\.com", supports_credentials=True'));
      assert.deepEqual(pattern.left, []);
      assert.match(pattern.text, /CORS\(app, origins=\["https:\/\/app\.example\.com"\], supports_credentials=True\)/);
    });
  });

  describe('hand-written Access-Control-Allow-Origin', () => {
    it('flags the request\'s Origin copied without a check: high with credentials, low without', () => {
      assert.deepEqual(found(AFTER('    response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin")')), ['any-origin-reflected high 7']);
      assert.deepEqual(found(AFTER('    response.headers["Access-Control-Allow-Origin"] = request.headers["Origin"]', false)), ['any-origin-reflected low 7']);
      assert.deepEqual(found(AFTER('    response.headers.set("Access-Control-Allow-Origin", request.headers.get("Origin", "*"))')), ['any-origin-reflected high 7']);
    });

    it('follows a local name, and a truthiness test is no check', () => {
      const body = (check: string) => `    origin = request.headers.get("Origin") or ""\n    if ${check}:\n        response.headers["Access-Control-Allow-Origin"] = origin`;
      assert.deepEqual(found(AFTER(body('origin'))), ['any-origin-reflected high 9']);
      assert.deepEqual(found(AFTER(body(`origin in ["${APP}"]`))), []);
      assert.deepEqual(found(AFTER(body(`origin == "${APP}"`))), []);
    });

    it('flags suffix, prefix, substring and regex checks', () => {
      const body = (check: string) => `    origin = request.headers.get("Origin")\n    if ${check}:\n        response.headers["Access-Control-Allow-Origin"] = origin`;
      assert.deepEqual(found(AFTER(body('origin.endswith("example.com")'))), ['lookalike-origin-allowed high 8']);
      assert.deepEqual(found(AFTER(body('origin.endswith(".example.com")'))), ['any-subdomain-allowed medium 8']);
      assert.deepEqual(found(AFTER(body(`origin.startswith("${APP}")`))), ['lookalike-origin-allowed high 8']);
      assert.deepEqual(found(AFTER(body('"example.com" in origin'))), ['lookalike-origin-allowed high 8']);
      assert.deepEqual(found(AFTER(body(`origin in "${APP} https://admin.example.com"`))), ['lookalike-origin-allowed high 8']);
      assert.deepEqual(found(AFTER(body('origin in ALLOWED')).replace('app = Flask', `ALLOWED = "${APP} https://admin.example.com"\napp = Flask`)), ['lookalike-origin-allowed high 9']);
      assert.deepEqual(found(AFTER(body('origin in ALLOWED')).replace('app = Flask', `ALLOWED = ["${APP}", "https://admin.example.com"]\napp = Flask`)), []);
      const re = (check: string) => AFTER(body(check)).replace('from flask', 'import re\nfrom flask');
      assert.deepEqual(found(re('re.match(r"https://.*\\.example\\.com$", origin)')), ['any-subdomain-allowed medium 9']);
      assert.deepEqual(found(re('re.match(r"https://app\\.example\\.com", origin)')), ['lookalike-origin-allowed high 9']);
      assert.deepEqual(found(re('re.fullmatch(r"https://app\\.example\\.com", origin)')), []);
    });

    it('reads Django\'s request.META and response[...]', () => {
      const text = `from django.http import JsonResponse


def me(request):
    response = JsonResponse({"user": "alice"})
    response["Access-Control-Allow-Origin"] = request.META.get("HTTP_ORIGIN")
    response["Access-Control-Allow-Credentials"] = "true"
    return response
`;
      assert.deepEqual(found(text, 'views.py'), ['any-origin-reflected high 5']);
      const fix = fixed(text, [APP], 'views.py');
      assert.deepEqual(fix.left, []);
      assert.match(fix.text, /from django\.utils\.cache import patch_vary_headers\n/);
      assert.match(fix.text, /    patch_vary_headers\(response, \["Origin"\]\)\n    if request\.META\.get\("HTTP_ORIGIN"\) in \["https:\/\/app\.example\.com"\]:\n        response\["Access-Control-Allow-Origin"\] = request\.META\.get\("HTTP_ORIGIN"\)\n/);
    });

    it('fixes with a guard (and Vary: Origin), or by replacing a loose check', () => {
      const guard = fixed(AFTER('    response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin", "*")'));
      assert.deepEqual(guard.left, []);
      assert.match(guard.text, /    response\.vary\.add\("Origin"\)\n    if request\.headers\.get\("Origin"\) in \["https:\/\/app\.example\.com"\]:\n        response\.headers\["Access-Control-Allow-Origin"\] = request\.headers\.get\("Origin"\)\n/);
      const check = fixed(AFTER('    origin = request.headers.get("Origin")\n    if origin and origin.endswith("example.com"):\n        response.headers["Access-Control-Allow-Origin"] = origin'));
      assert.deepEqual(check.left, []);
      assert.match(check.text, /    if origin in \["https:\/\/app\.example\.com"\]:\n/);
    });
  });

  it('refuses an allow-list that would still be dangerous', () => {
    const text = FLASK(', supports_credentials=True');
    const [finding] = staticFindings({ path: 'app.py', text }, grammars);
    assert.ok('refused' in planAllowListFix({ path: 'app.py', text }, finding, ['*'], grammars));
    assert.ok('refused' in planAllowListFix({ path: 'app.py', text }, finding, ['null'], grammars));
  });
});
