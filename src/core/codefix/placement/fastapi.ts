// FastAPI and Starlette: `app = FastAPI()` / `Starlette()`. CORS is Starlette's
// CORSMiddleware, registered with `app.add_middleware(CORSMiddleware, ...)` (or as
// `Middleware(CORSMiddleware, ...)` in the app's `middleware=[...]`). Each add_middleware
// (and each `@app.middleware("http")`) wraps what was added before it, so the last one
// added runs first: CORS added before a session check runs after it, and the check
// refuses the preflight (no cookies) before CORS can answer.
import type { FrameworkPlacement, Placement } from '../plugin';
import type { Project } from '../project';
import type { AllowedCors, SourceFile } from '../types';
import { readValue, valueList, type PyValue } from '../python/literal';
import { declaresDist } from '../python/manifest';
import { detectPyStyle, type PyStyle } from '../python/style';
import {
  assignmentsOfCall, calleeText, importsFrom, keywordArgs, localNameOf, locationOf, named, positionalArgs, pythonFiles,
  pyTree, walk, wantsPythonFile, type Node,
} from '../python/tree';

const MODULES = ['fastapi', 'starlette'];
const CORS_MIDDLEWARE = ['fastapi.middleware.cors.CORSMiddleware', 'starlette.middleware.cors.CORSMiddleware'];
/** Starlette always allows these request headers (starlette/middleware/cors.py SAFELISTED_HEADERS). */
const STARLETTE_SAFELISTED = ['accept', 'accept-language', 'content-language', 'content-type'];
/** Middleware that never answers a request itself. */
const HARMLESS = /^(GZipMiddleware|BrotliMiddleware)$/;

export interface MiddlewareRegistration {
  /** The statement: an add_middleware call, or a decorated `@app.middleware("http")` function. */
  statement: Node;
  /** The class added, or the decorated function's name. */
  name: string;
  isCors: boolean;
}

export interface FastApiPlacement extends Placement {
  file: SourceFile;
  root: Node;
  style: PyStyle;
  appName: string;
  appStatement: Node;
  /** Where CORSMiddleware comes from in new code (FastAPI re-exports Starlette's). */
  corsModule: string;
  corsLocal: string | null;
  /** The add_middleware(...) or Middleware(...) call with CORSMiddleware. */
  corsCall: Node | null;
  registrations: MiddlewareRegistration[];
  /** The last registration after CORS's that may answer first (CORS must be added after it). */
  tooLate: MiddlewareRegistration | null;
}

function starletteAllowed(call: Node, root: Node): AllowedCors {
  const kw = keywordArgs(call);
  const read = (name: string): PyValue | null => readValue(kw.get(name), { root });
  const computed: AllowedCors = { origins: 'computed', methods: 'computed', allowHeaders: 'computed', exposeHeaders: [], credentials: false, maxAgeSeconds: null, privateNetwork: false };
  if (named(call.childForFieldName('arguments')).some((a) => a.type === 'dictionary_splat')) return computed;
  const cred = read('allow_credentials');
  const credentials = cred?.kind === 'boolean' && cred.value;
  const o = read('allow_origins');
  const origins = o ? valueList(o.kind === 'string' ? { ...o, kind: 'strings', values: [o.value], elements: [], splats: [] } : o) : [];
  const regex = read('allow_origin_regex');
  const m = read('allow_methods');
  const methods = m ? valueList(m) : ['GET'];
  const h = read('allow_headers');
  const headers = h ? valueList(h) : [];
  const e = read('expose_headers');
  const age = read('max_age');
  return {
    // "*" sends `*`, but echoes the origin to a request with cookies, and in every preflight when credentials are on.
    origins: regex && regex.kind !== 'none' ? 'computed' : !origins ? 'computed' : origins.includes('*') ? (credentials ? 'reflect' : 'any') : origins,
    methods: !methods ? 'computed' : methods.includes('*') ? 'any' : methods.map((x) => x.toUpperCase()),
    allowHeaders: !headers ? 'computed' : headers.includes('*') ? 'reflect' : [...new Set([...headers.map((x) => x.toLowerCase()), ...STARLETTE_SAFELISTED])],
    exposeHeaders: (e ? valueList(e) ?? [] : []).map((x) => x.toLowerCase()),
    credentials,
    maxAgeSeconds: age?.kind === 'number' ? age.value : 600,
    privateNetwork: false,
  };
}

/** The registrations in the app's block, in order. */
function registrationsOf(block: Node, appName: string, corsLocal: string | null): MiddlewareRegistration[] {
  const out: MiddlewareRegistration[] = [];
  for (const stmt of named(block)) {
    if (stmt.type === 'expression_statement') {
      const call = stmt.firstNamedChild;
      if (call?.type !== 'call' || calleeText(call) !== `${appName}.add_middleware`) continue;
      const cls = positionalArgs(call)[0]?.text ?? keywordArgs(call).get('middleware_class')?.text ?? '';
      out.push({ statement: stmt, name: cls, isCors: cls === corsLocal || /(^|\.)CORSMiddleware$/.test(cls) });
    } else if (stmt.type === 'decorated_definition') {
      const decorated = named(stmt).filter((d) => d.type === 'decorator').some((d) => d.text.replace(/\s/g, '').startsWith(`@${appName}.middleware(`));
      if (decorated) out.push({ statement: stmt, name: stmt.childForFieldName('definition')?.childForFieldName('name')?.text ?? '', isCors: false });
    }
  }
  return out;
}

export const fastapiPlacement: FrameworkPlacement<FastApiPlacement> = {
  framework: 'fastapi',
  language: 'python',
  wantsFile: wantsPythonFile,
  detect(project) {
    if (declaresDist(project, 'fastapi') || declaresDist(project, 'starlette')) return 10;
    return pythonFiles(project).some((f) => {
      const t = pyTree(project, f.path);
      return t ? importsFrom(t.rootNode, MODULES) : false;
    }) ? 5 : 0;
  },
  locate(project) {
    if (!project.grammars.python) return { unfixable: 'the Python grammar was not loaded, so the FastAPI code cannot be read' };
    let found: { file: SourceFile; root: Node; name: string; statement: Node; call: Node } | null = null;
    for (const f of pythonFiles(project)) {
      const tree = pyTree(project, f.path);
      if (!tree || !importsFrom(tree.rootNode, MODULES)) continue;
      const names = [localNameOf(tree.rootNode, ['fastapi.FastAPI', 'fastapi.applications.FastAPI', 'starlette.applications.Starlette']), 'fastapi.FastAPI'].filter(Boolean) as string[];
      const apps = assignmentsOfCall(tree.rootNode, (c) => names.includes(c));
      if (apps[0] && (!found || /uvicorn\.run\(|add_middleware\(/.test(f.text))) {
        found = { file: f, root: tree.rootNode, name: apps[0].name, statement: apps[0].assignment.parent!, call: apps[0].call };
      }
    }
    if (!found) return { unfixable: `no FastAPI or Starlette app found (looked for \`app = FastAPI(...)\` in ${pythonFiles(project).length} Python file(s))` };
    const { file, root } = found;
    const style = detectPyStyle(file.text, root);
    const corsLocal = localNameOf(root, CORS_MIDDLEWARE);
    const registrations = registrationsOf(found.statement.parent!, found.name, corsLocal);
    let corsCall: Node | null = registrations.find((r) => r.isCors)?.statement.firstNamedChild ?? null;
    // `FastAPI(middleware=[Middleware(CORSMiddleware, ...)])`
    if (!corsCall) {
      const list = keywordArgs(found.call).get('middleware');
      if (list) {
        walk(list, (n) => {
          if (!corsCall && n.type === 'call' && positionalArgs(n)[0]?.text === corsLocal) corsCall = n;
        });
      }
    }
    const corsIndex = registrations.findIndex((r) => r.isCors);
    const later = corsIndex >= 0 ? registrations.slice(corsIndex + 1).filter((r) => !HARMLESS.test(r.name)) : [];
    const cors = corsCall as Node | null;
    const usesStarletteOnly = !importsFrom(root, ['fastapi']);
    return {
      framework: 'fastapi',
      app: locationOf(file, found.statement),
      cors: cors ? locationOf(file, cors) : null,
      allowed: cors ? starletteAllowed(cors, root) : null,
      route: null,
      file,
      root,
      style,
      appName: found.name,
      appStatement: found.statement,
      corsModule: usesStarletteOnly ? 'starlette.middleware.cors' : 'fastapi.middleware.cors',
      corsLocal,
      corsCall: cors,
      registrations,
      tooLate: later[later.length - 1] ?? null,
    };
  },
};
