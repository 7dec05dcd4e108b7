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
    title: 'Allow',
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

export const PYTHON_CASES: FixCase[] = [...FLASK_CASES];
