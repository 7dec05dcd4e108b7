// Finds the server code that handles a URL path, so a CORS problem can point at
// the route handler instead of at nothing. Pure: callers hand in file texts.
// Heuristic by design — regular expressions over source text, no parsing — so
// it errs on finding too little rather than inventing locations.

export interface SourceFile {
  path: string;
  text: string;
}

export interface RouteDefinition {
  /** Upper-case method, or 'ANY' when the declaration accepts every method. */
  method: string;
  /** The path pattern as written, normalised to start with '/'. */
  pattern: string;
  file: string;
  /** 0-based line and column of the declaration. */
  line: number;
  column: number;
  framework: 'express-like' | 'fastify' | 'node-http' | 'flask' | 'fastapi' | 'django' | 'go';
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'options', 'head'];

interface Rule {
  framework: RouteDefinition['framework'];
  regex: RegExp;
  /** Turns a match into (method, pattern); null skips the match. */
  read(m: RegExpExecArray): { method: string; pattern: string } | null;
}

const JS_METHOD = `(${HTTP_METHODS.join('|')}|all)`;

const RULES: Rule[] = [
  {
    // Express, Koa router, Hono, Fastify shorthand: app.get('/x', ...), router.post("/y"
    framework: 'express-like',
    regex: new RegExp(`\\b[A-Za-z_$][\\w$]*\\.${JS_METHOD}\\(\\s*(['"\`])(/[^'"\`]*)\\2`, 'g'),
    read: (m) => ({ method: m[1] === 'all' ? 'ANY' : m[1].toUpperCase(), pattern: m[3] }),
  },
  {
    // Plain Node http dispatch: switch (`${req.method} ${pathname}`) { case 'GET /x': ... }
    framework: 'node-http',
    regex: new RegExp(`\\bcase\\s+(['"\`])(${HTTP_METHODS.join('|').toUpperCase()})\\s+(/[^'"\`\\s]*)\\1\\s*:`, 'g'),
    read: (m) => ({ method: m[2], pattern: m[3] }),
  },
  {
    // Plain Node http dispatch on the path alone: case '/x':, if (pathname === '/x'), req.url === '/x'
    framework: 'node-http',
    regex: /(?:\bcase\s+|\b(?:url|pathname|path|req\.url|url\.pathname)\s*===?\s*)(['"`])(\/[^'"`\s]*)\1/g,
    read: (m) => ({ method: 'ANY', pattern: m[2] }),
  },
  {
    // Express router.route('/x') chains: every method is possible.
    framework: 'express-like',
    regex: /\b[A-Za-z_$][\w$]*\.route\(\s*(['"`])(\/[^'"`]*)\1\s*\)/g,
    read: (m) => ({ method: 'ANY', pattern: m[2] }),
  },
  {
    // Fastify full declaration: fastify.route({ method: 'GET', url: '/x' })
    framework: 'fastify',
    regex: /method\s*:\s*\[?\s*['"]([A-Za-z]+)['"][^}]{0,200}?url\s*:\s*['"](\/[^'"]*)['"]/g,
    read: (m) => ({ method: m[1].toUpperCase(), pattern: m[2] }),
  },
  {
    // Flask: @app.route('/x', methods=['GET', 'POST'])
    framework: 'flask',
    regex: /@[A-Za-z_][\w.]*\.route\(\s*r?['"](\/[^'"]*)['"]([^)]*)\)/g,
    read: (m) => {
      // One listed method pins it; several (or none given) count as any.
      const list = /methods\s*=\s*[[(]([^\])]*)/.exec(m[2]);
      const names = list ? [...list[1].matchAll(/['"]([A-Za-z]+)['"]/g)].map((x) => x[1].toUpperCase()) : [];
      return { method: names.length === 1 ? names[0] : 'ANY', pattern: m[1] };
    },
  },
  {
    // FastAPI and Flask 2 shorthands: @app.get('/x'), @router.post("/y")
    framework: 'fastapi',
    regex: new RegExp(`@[A-Za-z_][\\w.]*\\.(${HTTP_METHODS.join('|')}|api_route)\\(\\s*r?['"](/[^'"]*)['"]`, 'g'),
    read: (m) => ({ method: m[1] === 'api_route' ? 'ANY' : m[1].toUpperCase(), pattern: m[2] }),
  },
  {
    // Django: path('api/items/<int:id>/', view) — written without the leading slash.
    framework: 'django',
    regex: /\b(?:path|re_path)\(\s*r?['"]([^'"]*)['"]\s*,/g,
    read: (m) => {
      const raw = m[1].replace(/^\^/, '').replace(/\$$/, '');
      if (/[()[\]\\+]/.test(raw)) return null; // a real regular expression: not worth guessing
      return { method: 'ANY', pattern: '/' + raw.replace(/^\//, '') };
    },
  },
  {
    // Go net/http (1.22 patterns may carry a method), gorilla/mux.
    framework: 'go',
    regex: /\.(?:HandleFunc|Handle)\(\s*"(?:([A-Z]+)\s+)?(?:[\w.-]*)(\/[^"]*)"/g,
    read: (m) => ({ method: m[1] ?? 'ANY', pattern: m[2] }),
  },
  {
    // gin / echo (r.GET), chi (r.Get)
    framework: 'go',
    regex: /\.(GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD|Any|Get|Post|Put|Patch|Delete|Options|Head)\(\s*"(\/[^"]*)"/g,
    read: (m) => ({ method: m[1] === 'Any' ? 'ANY' : m[1].toUpperCase(), pattern: m[2] }),
  },
];

const EXTENSION_RULES: Record<string, RouteDefinition['framework'][]> = {
  js: ['express-like', 'fastify', 'node-http'], mjs: ['express-like', 'fastify', 'node-http'], cjs: ['express-like', 'fastify', 'node-http'],
  ts: ['express-like', 'fastify', 'node-http'], mts: ['express-like', 'fastify', 'node-http'], cts: ['express-like', 'fastify', 'node-http'],
  jsx: ['express-like'], tsx: ['express-like'],
  py: ['flask', 'fastapi', 'django'],
  go: ['go'],
};

/** Source files worth scanning, by extension. */
export function isRouteSourceFile(path: string): boolean {
  return extensionOf(path) in EXTENSION_RULES;
}

function extensionOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(dot + 1).toLowerCase();
}

/** Every route declaration found in one file, in file order. */
export function findRoutes(file: SourceFile): RouteDefinition[] {
  const frameworks = EXTENSION_RULES[extensionOf(file.path)];
  if (!frameworks) return [];
  const lineStarts = computeLineStarts(file.text);
  const found: RouteDefinition[] = [];
  const seen = new Set<string>();
  for (const rule of RULES) {
    if (!frameworks.includes(rule.framework)) continue;
    rule.regex.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = rule.regex.exec(file.text)) !== null) {
      const read = rule.read(m);
      if (!read) continue;
      const { line, column } = positionOf(lineStarts, m.index);
      const key = `${line}:${read.method}:${read.pattern}`;
      if (seen.has(key)) continue;
      seen.add(key);
      found.push({ ...read, file: file.path, line, column, framework: rule.framework });
    }
  }
  return found.sort((a, b) => a.line - b.line || a.column - b.column);
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function positionOf(lineStarts: number[], index: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= index) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, column: index - lineStarts[lo] };
}

/**
 * A regular expression for a route pattern. Understands `:param` (Express, Koa,
 * Hono, Fastify), `{param}` (FastAPI, Go 1.22, gorilla), `<param>` / `<int:param>`
 * (Flask, Django), `*` wildcards, and Go's trailing-slash subtrees.
 */
export function patternToRegExp(pattern: string, framework?: RouteDefinition['framework']): RegExp {
  const subtree = framework === 'go' && pattern.endsWith('/') && pattern !== '/';
  const parts = pattern.split('/').filter((p, i) => i === 0 || p !== '');
  const body = parts
    .slice(1)
    .map((segment) => '/' + segmentToRegExp(segment))
    .join('');
  if (pattern === '/' || body === '') return framework === 'go' ? /^\/.*$/ : /^\/?$/;
  return new RegExp(`^${body}${subtree ? '(?:/.*)?' : '/?'}$`);
}

function segmentToRegExp(segment: string): string {
  if (segment === '*' || segment === '(.*)' || /^\{[^}]*\.\.\.\}$/.test(segment) || /^<path:[^>]+>$/.test(segment)) {
    return '.*';
  }
  if (/^\*\w*$/.test(segment)) return '.*'; // Express 5 `*splat`, gin `*path`
  let out = '';
  let i = 0;
  while (i < segment.length) {
    const rest = segment.slice(i);
    const colon = /^:[A-Za-z_]\w*(\([^)]*\))?\??/.exec(rest);
    const brace = /^\{[^}]+\}/.exec(rest);
    const angle = /^<[^>]+>/.exec(rest);
    const token = colon ?? brace ?? angle;
    if (token) {
      out += '[^/]+';
      i += token[0].length;
      continue;
    }
    out += escapeRegExp(segment[i]);
    i++;
  }
  return out;
}

function escapeRegExp(ch: string): string {
  return /[.*+?^${}()|[\]\\]/.test(ch) ? '\\' + ch : ch;
}

/** Number of literal (non-parameter) characters, so `/users/me` beats `/users/:id`. */
function specificity(route: RouteDefinition): number {
  return route.pattern.replace(/:[A-Za-z_]\w*|\{[^}]*\}|<[^>]*>|\*\w*/g, '').length;
}

/**
 * The declaration most likely to handle `method path`: same method beats ANY,
 * an exact pattern match beats one under an unknown mount prefix (e.g. a router
 * mounted with `app.use('/api', router)`), more literal text beats less.
 * A preflight (OPTIONS) falls back to the route of the method it asks about.
 */
export function matchRoute(
  routes: RouteDefinition[],
  method: string,
  url: string,
  preflightFor?: string,
): RouteDefinition | undefined {
  const path = pathOf(url);
  const wanted = method.toUpperCase();
  const fallback = preflightFor?.toUpperCase();
  let best: { route: RouteDefinition; score: number } | undefined;
  for (const route of routes) {
    let methodScore: number;
    if (route.method === wanted) methodScore = 3;
    else if (fallback && route.method === fallback) methodScore = 2;
    else if (route.method === 'ANY') methodScore = 1;
    else continue;
    const re = patternToRegExp(route.pattern, route.framework);
    let placement: number;
    if (re.test(path)) placement = 2;
    else if (route.pattern !== '/' && matchesSuffix(re, path)) placement = 1;
    else continue;
    const score = placement * 1_000_000 + methodScore * 10_000 + specificity(route);
    if (!best || score > best.score) best = { route, score };
  }
  return best?.route;
}

function matchesSuffix(re: RegExp, path: string): boolean {
  const segments = path.split('/');
  for (let i = 2; i < segments.length; i++) {
    if (re.test('/' + segments.slice(i).join('/'))) return true;
  }
  return false;
}

/** The path of an absolute or relative URL, without query or fragment, percent-decoding left alone. */
export function pathOf(url: string): string {
  let rest = url;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  const cut = rest.search(/[?#]/);
  if (cut >= 0) rest = rest.slice(0, cut);
  return rest === '' ? '/' : rest;
}
