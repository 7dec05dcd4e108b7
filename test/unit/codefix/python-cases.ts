// Quick-fix cases for the Python frameworks (Flask, FastAPI, Django): the server's files
// and the flows the browser recorded. Expected files live in expected/<case>/, reviewed
// by hand; python-cases.test.ts checks them with the real tree-sitter-python grammar.
import type { HeaderList } from '../../../src/core/http/types';
import * as F from '../cors/flows';
import type { FixCase } from './cases';
import { credentialedGetNoCors, jsonPutPreflight404, OTHER } from './cases';

const PAGE = F.PAGE; // http://localhost:3000
const res = (status: number, headers: HeaderList = []) => F.response(status, headers);
const withCookie = (method = 'GET', url = F.API, origin = PAGE) => F.request(method, [['Cookie', 'sid=1']], url, origin);

export const FLASK_CASES: FixCase[] = [
  {
    name: 'flask-no-cors-without-flask-cors',
    framework: 'flask',
    title: 'Allow origin http://localhost:3000, method PUT and header content-type with credentials',
    files: {
      'requirements.txt': 'flask>=2.2\n',
      'app.py': `from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/api/items")
def list_items():
    return jsonify([])


@app.put("/api/items")
def update_items():
    return jsonify({})
`,
    },
    flows: [credentialedGetNoCors(), jsonPutPreflight404()],
  },
  {
    name: 'flask-no-cors-with-flask-cors-single-quotes',
    framework: 'flask',
    title: 'Allow origin http://localhost:3000',
    files: {
      'requirements.txt': 'Flask==2.2.2\nFlask-Cors==3.0.10\n',
      'api/__init__.py': `from flask import Flask


def create_app():
  app = Flask(__name__)

  @app.route('/api/items', methods=['GET', 'PUT'])
  def items():
    return {'items': []}

  return app
`,
    },
    flows: [jsonPutPreflight404()],
  },
  {
    name: 'flask-wrong-origin',
    framework: 'flask',
    title: 'Allow origin http://localhost:3000',
    files: {
      'requirements.txt': 'flask\nflask-cors\n',
      'app.py': `from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins="http://localhost:5173")
`,
    },
    flows: [F.simpleFlow(F.request('GET'), res(200, [['Access-Control-Allow-Origin', OTHER]]))],
  },
  {
    name: 'flask-credentials-alone-echoes-any-origin',
    framework: 'flask',
    title: 'Allow origin http://localhost:3000',
    files: {
      'requirements.txt': 'flask\nflask-cors\n',
      'app.py': `from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app, supports_credentials=True)  # echoes any origin with credentials
`,
    },
    // The API's call from the page failed for another reason (a preflight 401); the fix
    // must not keep Flask-CORS's default of echoing every origin with credentials.
    flows: [F.preflightedFlow('PUT', ['content-type'], res(200, [['Access-Control-Allow-Origin', 'http://localhost:3000'], ['Access-Control-Allow-Credentials', 'true']]))],
  },
  {
    name: 'flask-wildcard-without-credentials',
    framework: 'flask',
    title: 'Allow origin http://localhost:3000 with credentials',
    files: {
      'requirements.txt': 'flask\nflask-cors\n',
      'app.py': `from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins="*", send_wildcard=True)
`,
    },
    flows: [F.simpleFlow(withCookie(), res(200, [['Access-Control-Allow-Origin', '*']]))],
  },
  {
    name: 'flask-extend-constant-lists',
    framework: 'flask',
    title: 'Allow origin http://localhost:3000, method DELETE and header x-request-id',
    files: {
      'requirements.txt': 'flask\nflask-cors\n',
      'app.py': `from flask import Flask
from flask_cors import CORS

ALLOWED_ORIGINS = [
    "http://localhost:5173",
]

app = Flask(__name__)
CORS(
    app,
    origins=ALLOWED_ORIGINS,
    methods=["GET", "POST", "PUT"],
    allow_headers=["Content-Type"],
    supports_credentials=True,
    max_age=600,
)
`,
    },
    flows: [F.preflightedFlow('DELETE', ['x-request-id'], res(200, [['Access-Control-Allow-Origin', OTHER], ['Access-Control-Allow-Credentials', 'true']]))],
  },
  {
    name: 'flask-login-hook-refuses-preflights',
    framework: 'flask',
    title: 'Run CORS before the routes',
    files: {
      'requirements.txt': 'flask\nflask-cors\n',
      'app.py': `from flask import Flask, jsonify, request
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["http://localhost:3000"], supports_credentials=True)


@app.before_request
def require_session():
    if request.cookies.get("sid") != "demo-session":
        return jsonify({"error": "sign in first"}), 401
`,
    },
    flows: [F.preflightedFlow('PUT', ['content-type'], res(401, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'content-type']]))],
  },
];

export const FASTAPI_CASES: FixCase[] = [
  {
    name: 'fastapi-no-cors',
    framework: 'fastapi',
    title: 'Allow origin http://localhost:3000',
    files: {
      'requirements.txt': 'fastapi\nuvicorn\n',
      'main.py': `from fastapi import FastAPI

app = FastAPI(title="Items")


@app.get("/api/items")
def list_items():
    return []
`,
    },
    flows: [credentialedGetNoCors(), jsonPutPreflight404()],
  },
  {
    name: 'fastapi-wildcard-with-credentials-echoes-any-origin',
    framework: 'fastapi',
    title: 'Allow origin http://localhost:3000',
    files: {
      'pyproject.toml': '[project]\nname = "items"\ndependencies = ["fastapi>=0.90", "uvicorn"]\n',
      'app/main.py': `from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)
`,
    },
    flows: [F.preflightedFlow('PUT', ['x-request-id'], res(400, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true']]))],
  },
  {
    name: 'fastapi-extend-starlette-single-quotes',
    framework: 'fastapi',
    title: 'Allow origin http://localhost:3000, method DELETE and header authorization',
    files: {
      'requirements.txt': 'starlette\n',
      'server.py': `from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware

ORIGINS = ['http://localhost:5173']

app = Starlette()
app.add_middleware(CORSMiddleware, allow_origins=ORIGINS, allow_methods=('GET', 'POST', 'PUT'), allow_credentials=True)
`,
    },
    flows: [F.preflightedFlow('DELETE', ['authorization'], res(400, [['Vary', 'Origin']]))],
  },
  {
    name: 'fastapi-cors-added-before-session-check',
    framework: 'fastapi',
    title: 'Run CORS before the routes',
    files: {
      'requirements.txt': 'fastapi\n',
      'main.py': `from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["http://localhost:3000"], allow_credentials=True, allow_methods=["*"], allow_headers=["*"])


@app.middleware("http")
async def require_session(request: Request, call_next):
    if request.cookies.get("sid") != "demo-session":
        return JSONResponse({"error": "sign in first"}, status_code=401)
    return await call_next(request)
`,
    },
    flows: [F.preflightedFlow('PUT', ['content-type'], res(401))],
  },
];

const DJANGO_HEAD = `from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = 'dev-only'
DEBUG = True
ALLOWED_HOSTS = ['127.0.0.1', 'localhost']

INSTALLED_APPS = [
    'django.contrib.contenttypes',
    'django.contrib.auth',
    'api',
]
`;

export const DJANGO_CASES: FixCase[] = [
  {
    name: 'django-no-cors',
    framework: 'django',
    title: 'Allow origin http://localhost:3000',
    files: {
      'requirements.txt': 'Django>=3.2,<4\n',
      'manage.py': '#!/usr/bin/env python\nimport os\nimport sys\n',
      'project/settings.py': `${DJANGO_HEAD}
MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.common.CommonMiddleware',
]

ROOT_URLCONF = 'project.urls'
`,
    },
    flows: [credentialedGetNoCors(), jsonPutPreflight404()],
  },
  {
    name: 'django-missing-header-keeps-defaults',
    framework: 'django',
    title: 'Allow header x-request-id for http://localhost:3000',
    files: {
      'requirements.txt': 'django\ndjango-cors-headers\n',
      'project/settings.py': `${DJANGO_HEAD.replace("    'api',", "    'corsheaders',\n    'api',")}
MIDDLEWARE = [
    'corsheaders.middleware.CorsMiddleware',
    'django.middleware.common.CommonMiddleware',
]

CORS_ALLOWED_ORIGINS = [
    'http://localhost:3000',
]
`,
    },
    flows: [F.preflightedFlow('GET', ['x-request-id'], res(200, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Headers', 'accept, accept-encoding, authorization, content-type, dnt, origin, user-agent, x-csrftoken, x-requested-with'], ['Access-Control-Allow-Methods', 'DELETE, GET, OPTIONS, PATCH, POST, PUT']]))],
  },
  {
    name: 'django-allow-all-origins-with-credentials',
    framework: 'django',
    title: 'Allow origin http://localhost:3000 with credentials',
    files: {
      'pyproject.toml': '[project]\nname = "items"\ndependencies = [\n    "django",\n    "django-cors-headers",\n]\n',
      'project/settings.py': `${DJANGO_HEAD.replace("    'api',", "    'corsheaders',\n    'api',")}
MIDDLEWARE = [
    'corsheaders.middleware.CorsMiddleware',
    'django.middleware.common.CommonMiddleware',
]

CORS_ALLOW_ALL_ORIGINS = True
`,
    },
    flows: [F.simpleFlow(withCookie(), res(200, [['Access-Control-Allow-Origin', '*']]))],
  },
  {
    name: 'django-middleware-below-session-check',
    framework: 'django',
    title: 'Allow',
    files: {
      'requirements.txt': 'django\ndjango-cors-headers\n',
      'project/settings.py': `${DJANGO_HEAD.replace("    'api',", "    'corsheaders',\n    'api',")}
MIDDLEWARE = [
    'django.middleware.common.CommonMiddleware',
    'api.middleware.RequireSessionMiddleware',
    'corsheaders.middleware.CorsMiddleware',
]

CORS_ALLOWED_ORIGINS = ['http://localhost:3000']
CORS_ALLOW_CREDENTIALS = True
CORS_ALLOW_METHODS = ['GET', 'POST']
`,
    },
    flows: [F.preflightedFlow('PUT', ['content-type'], res(401))],
  },
];

export const PYTHON_CASES: FixCase[] = [...FLASK_CASES, ...FASTAPI_CASES, ...DJANGO_CASES];
