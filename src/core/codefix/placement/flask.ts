// Flask: `app = Flask(__name__)` (at module level or in a create_app() factory). CORS is
// Flask-CORS's `CORS(app, origins=[...], supports_credentials=...)`, or — in a project
// without flask-cors — the after_request allow-list block this planner writes. A
// before_request hook that answers (a login check) refuses preflights, which carry no
// cookies, before any CORS code runs: that is Flask's "CORS too late".
import type { FrameworkPlacement, Placement } from '../plugin';
import type { Project } from '../project';
import type { AllowedCors, SourceFile } from '../types';
import { readValue, stringValue, valueList, type PyValue } from '../python/literal';
import { declaresDist } from '../python/manifest';
import { detectPyStyle, type PyStyle } from '../python/style';
import {
  assignmentsOfCall, importsFrom, keywordArgs, localNameOf, locationOf, named, positionalArgs, pythonFiles, pyTree,
  walk, wantsPythonFile, type Node,
} from '../python/tree';

export const FLASK_ORIGINS = 'CORS_ALLOWED_ORIGINS';
export const FLASK_AFTER = 'add_cors_headers';
export const FLASK_PREFLIGHT = 'answer_cors_preflight';
/** Flask-CORS's defaults (flask_cors/core.py DEFAULT_OPTIONS). */
const FLASK_CORS_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS', 'PUT', 'PATCH', 'DELETE'];
/** Flask-CORS takes an origin with one of these for a regex (flask_cors/core.py probably_regex). */
export const FLASK_REGEX_CHARS = /[*\\\]?$^[()]/;

export interface FlaskHook {
  def: Node;
  name: string;
  /** It can return a response of its own (a login check). */
  answers: boolean;
  /** It lets preflights through, or answers them itself. */
  passesPreflight: boolean;
}

export interface FlaskPlacement extends Placement {
  file: SourceFile;
  root: Node;
  style: PyStyle;
  appName: string;
  /** The statement `app = Flask(...)`. */
  appStatement: Node;
  /** flask-cors is declared or imported: the fix uses CORS(app, ...). */
  flaskCors: boolean;
  corsCall: Node | null;
  /** Our after_request block: the origin list, the hook functions. */
  own: { list: Node; after: Node; before: Node | null } | null;
  /** A hand-written Access-Control-Allow-Origin we did not write. */
  foreignHeader: Node | null;
  /** The first before_request hook that may refuse a preflight before CORS answers it. */
  tooLate: FlaskHook | null;
}

function decoratorsOf(def: Node): string[] {
  return named(def).filter((n) => n.type === 'decorator').map((d) => d.text.slice(1).trim());
}

function functionOf(def: Node): Node | null {
  return def.childForFieldName('definition');
}

/** Decorated functions in the same block as the app, in order. */
function decoratedIn(block: Node): Node[] {
  return named(block).filter((n) => n.type === 'decorated_definition');
}

function assignmentIn(block: Node, name: string): Node | null {
  let found: Node | null = null;
  for (const stmt of named(block)) {
    const a = stmt.type === 'expression_statement' ? stmt.firstNamedChild : null;
    if (a?.type === 'assignment' && a.childForFieldName('left')?.text === name) found = stmt;
  }
  return found;
}

/** `response.headers["Access-Control-…"] = value` inside a function: name (lower-case) → value node. */
function headerAssignments(fn: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  walk(fn, (n) => {
    if (n.type !== 'assignment') return;
    const left = n.childForFieldName('left');
    if (left?.type !== 'subscript' || !/\.headers$/.test(left.childForFieldName('value')?.text ?? '')) return;
    const key = left.childForFieldName('subscript');
    const name = key ? stringValue(key) : null;
    const value = n.childForFieldName('right');
    if (name && value) out.set(name.toLowerCase(), value);
  });
  return out;
}

function hookOf(def: Node): FlaskHook {
  const fn = functionOf(def)!;
  const name = fn.childForFieldName('name')?.text ?? '';
  let answers = false;
  walk(fn, (n) => {
    if (n.type === 'return_statement' && n.firstNamedChild && n.firstNamedChild.type !== 'none') answers = true;
    if (n.type === 'call' && /^(flask\.)?abort$/.test(n.childForFieldName('function')?.text ?? '')) answers = true;
    if (n.type === 'raise_statement') answers = true;
  });
  const body = fn.childForFieldName('body')?.text ?? '';
  return { def, name, answers, passesPreflight: name === FLASK_PREFLIGHT || /["']OPTIONS["']/.test(body) };
}

function flaskCorsOptions(call: Node, ctx: { root: Node }): AllowedCors {
  const kw = keywordArgs(call);
  const computed: AllowedCors = { origins: 'computed', methods: 'computed', allowHeaders: 'computed', exposeHeaders: [], credentials: false, maxAgeSeconds: null, privateNetwork: false };
  if (named(call.childForFieldName('arguments')).some((a) => a.type === 'dictionary_splat') || kw.has('resources')) return computed;
  const read = (name: string): PyValue | null => readValue(kw.get(name), ctx);
  const cred = read('supports_credentials');
  const credentials = cred?.kind === 'boolean' ? cred.value : false;
  const wild = read('send_wildcard');
  const sendWildcard = wild?.kind === 'boolean' && wild.value;
  const o = read('origins');
  let origins: AllowedCors['origins'];
  // A string is one origin (Flask-CORS does not split it).
  const originList = !o ? ['*'] : o.kind === 'string' ? [o.value] : valueList(o);
  if (!originList) origins = 'computed';
  // Flask-CORS echoes any origin for `*` unless send_wildcard=True (then it sends `*`).
  else if (originList.includes('*')) origins = sendWildcard ? 'any' : 'reflect';
  else if (originList.some((x) => FLASK_REGEX_CHARS.test(x))) origins = 'computed';
  else origins = originList;
  const m = read('methods');
  const h = read('allow_headers');
  const headers = h ? valueList(h) : ['*'];
  const e = read('expose_headers');
  const age = read('max_age');
  return {
    origins,
    methods: m ? (valueList(m)?.map((x) => x.toUpperCase()) ?? 'computed') : FLASK_CORS_METHODS,
    allowHeaders: !headers ? 'computed' : headers.includes('*') ? 'reflect' : headers.map((x) => x.toLowerCase()),
    exposeHeaders: (e ? valueList(e) ?? [] : []).map((x) => x.toLowerCase()),
    credentials,
    maxAgeSeconds: age?.kind === 'number' ? age.value : null,
    privateNetwork: false,
  };
}

function ownAllowed(own: NonNullable<FlaskPlacement['own']>, root: Node): AllowedCors {
  const fn = functionOf(own.after)!;
  const headers = headerAssignments(fn);
  const list = readValue(own.list.firstNamedChild?.childForFieldName('right'), { root });
  const str = (name: string) => {
    const v = headers.get(name);
    return v ? stringValue(v) : null;
  };
  const split = (s: string | null) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  const age = str('access-control-max-age');
  return {
    origins: list?.kind === 'strings' ? list.values : 'computed',
    methods: split(str('access-control-allow-methods')).map((m) => m.toUpperCase()),
    allowHeaders: split(str('access-control-allow-headers')).map((h) => h.toLowerCase()),
    exposeHeaders: split(str('access-control-expose-headers')).map((h) => h.toLowerCase()),
    credentials: str('access-control-allow-credentials') === 'true',
    maxAgeSeconds: age && /^\d+$/.test(age) ? Number(age) : null,
    privateNetwork: str('access-control-allow-private-network') === 'true',
  };
}

interface FoundApp {
  file: SourceFile;
  root: Node;
  name: string;
  statement: Node;
}

function findApps(project: Project): FoundApp[] {
  const out: FoundApp[] = [];
  for (const f of pythonFiles(project)) {
    const tree = pyTree(project, f.path);
    if (!tree || !importsFrom(tree.rootNode, ['flask'])) continue;
    const local = localNameOf(tree.rootNode, ['flask.Flask']);
    const names = [local, 'flask.Flask'].filter(Boolean) as string[];
    for (const a of assignmentsOfCall(tree.rootNode, (c) => names.includes(c))) {
      out.push({ file: f, root: tree.rootNode, name: a.name, statement: a.assignment.parent! });
    }
  }
  return out;
}

export const flaskPlacement: FrameworkPlacement<FlaskPlacement> = {
  framework: 'flask',
  language: 'python',
  wantsFile: wantsPythonFile,
  detect(project) {
    if (declaresDist(project, 'flask')) return 10;
    return pythonFiles(project).some((f) => {
      const t = pyTree(project, f.path);
      return t ? importsFrom(t.rootNode, ['flask']) : false;
    }) ? 5 : 0;
  },
  locate(project) {
    if (!project.grammars.python) return { unfixable: 'the Python grammar was not loaded, so the Flask code cannot be read' };
    const apps = findApps(project);
    // Several apps: the one that runs (app.run, or the module a WSGI server would import).
    const app = apps.find((a) => a.file.text.includes(`${a.name}.run(`)) ?? apps[0];
    if (!app) return { unfixable: `no Flask app found (looked for \`app = Flask(...)\` in ${pythonFiles(project).length} Python file(s))` };
    const { file, root } = app;
    const block = app.statement.parent!;
    const style = detectPyStyle(file.text, root);
    const corsLocal = localNameOf(root, ['flask_cors.CORS']);
    let corsCall: Node | null = null;
    walk(root, (n) => {
      if (corsCall || n.type !== 'call') return;
      const callee = n.childForFieldName('function')?.text;
      if (callee !== corsLocal && callee !== 'flask_cors.CORS') return;
      const target = positionalArgs(n)[0] ?? keywordArgs(n).get('app');
      if (target?.text === app.name) corsCall = n;
    });
    const flaskCors = Boolean(corsCall) || declaresDist(project, 'flask-cors') || importsFrom(root, ['flask_cors']);
    const decorated = decoratedIn(block);
    const afterHooks = decorated.filter((d) => decoratorsOf(d).includes(`${app.name}.after_request`));
    const ownAfter = afterHooks.find((d) => functionOf(d)?.childForFieldName('name')?.text === FLASK_AFTER) ?? null;
    const ownList = assignmentIn(block, FLASK_ORIGINS);
    const own = ownAfter && ownList ? { list: ownList, after: ownAfter, before: decorated.find((d) => functionOf(d)?.childForFieldName('name')?.text === FLASK_PREFLIGHT) ?? null } : null;
    let foreignHeader: Node | null = null;
    for (const f of pythonFiles(project)) {
      const t = pyTree(project, f.path);
      if (!t) continue;
      walk(t.rootNode, (n) => {
        if (foreignHeader || n.type !== 'function_definition') return;
        if (own && f === file && n.startIndex === functionOf(own.after)!.startIndex) return false;
        if (headerAssignments(n).has('access-control-allow-origin')) foreignHeader = n;
        return false;
      });
    }
    const hooks = decorated.filter((d) => decoratorsOf(d).includes(`${app.name}.before_request`)).map(hookOf);
    let tooLate: FlaskHook | null = null;
    for (const h of hooks) {
      if (h.passesPreflight) break;
      if (h.answers) {
        tooLate = h;
        break;
      }
    }
    const cors = corsCall as Node | null;
    const allowed = cors ? flaskCorsOptions(cors, { root }) : own ? ownAllowed(own, root) : null;
    return {
      framework: 'flask',
      app: locationOf(file, app.statement),
      cors: cors ? locationOf(file, cors) : own ? locationOf(file, own.list) : null,
      allowed,
      route: null,
      file,
      root,
      style,
      appName: app.name,
      appStatement: app.statement,
      flaskCors,
      corsCall: cors,
      own,
      foreignHeader,
      tooLate,
    };
  },
};
