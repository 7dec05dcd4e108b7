// Guesses where the developer's API dev server listens, from files in the
// workspace, so "Start" can offer a list instead of a blank box. Pure: no vscode,
// no I/O — the caller reads the files.

export interface TargetCandidate {
  url: string;
  /** Where the guess came from, shown next to it (e.g. "package.json script dev"). */
  source: string;
}

/**
 * A target URL from what a person typed: accepts "4000", "localhost:4000" and full
 * http(s) URLs; returns null for anything else. Drops path, query and fragment.
 */
export function normalizeTargetUrl(input: string): string | null {
  const text = input.trim();
  if (/^\d{1,5}$/.test(text)) return validPort(Number(text)) ? `http://localhost:${text}` : null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname || url.username || url.password) return null;
  if (url.port && !validPort(Number(url.port))) return null;
  return `${url.protocol}//${url.host}`;
}

function validPort(port: number): boolean {
  return Number.isInteger(port) && port > 0 && port < 65536;
}

// Dev commands whose default port is known, first match wins.
const COMMAND_DEFAULTS: Array<[RegExp, number, string]> = [
  [/\bvite\b/, 5173, 'Vite'],
  [/\bnext\s+dev\b|\bnext\b/, 3000, 'Next.js'],
  [/\bnuxt\b/, 3000, 'Nuxt'],
  [/\bnest\s+start\b/, 3000, 'NestJS'],
  [/\breact-scripts\s+start\b/, 3000, 'Create React App'],
  [/\bng\s+serve\b/, 4200, 'Angular'],
  [/\bflask\s+run\b/, 5000, 'Flask'],
  [/\buvicorn\b|\bfastapi\s+dev\b/, 8000, 'Uvicorn'],
  [/\bmanage\.py\s+runserver\b/, 8000, 'Django'],
  [/\bgo\s+run\b/, 8080, 'Go'],
];

// Server frameworks among dependencies whose examples and defaults listen on 3000.
const DEPENDENCY_DEFAULTS: Array<[string, number]> = [
  ['express', 3000],
  ['fastify', 3000],
  ['koa', 3000],
  ['hono', 3000],
  ['@nestjs/core', 3000],
];

function portsInCommand(command: string): number[] {
  const ports: number[] = [];
  const patterns = [/(?:--port|-p)[=\s]+(\d{2,5})\b/g, /\bPORT=(\d{2,5})\b/g, /(?:localhost|127\.0\.0\.1|0\.0\.0\.0):(\d{2,5})\b/g];
  for (const re of patterns) for (const m of command.matchAll(re)) ports.push(Number(m[1]));
  return ports.filter(validPort);
}

export function candidatesFromPackageJson(text: string, file = 'package.json'): TargetCandidate[] {
  let pkg: { scripts?: Record<string, unknown>; dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown> };
  try {
    pkg = JSON.parse(text);
  } catch {
    return [];
  }
  const out: TargetCandidate[] = [];
  const scripts = pkg.scripts && typeof pkg.scripts === 'object' ? pkg.scripts : {};
  for (const [name, value] of Object.entries(scripts)) {
    if (typeof value !== 'string') continue;
    const ports = portsInCommand(value);
    for (const port of ports) out.push({ url: `http://localhost:${port}`, source: `${file} script "${name}"` });
    if (ports.length === 0) {
      const known = COMMAND_DEFAULTS.find(([re]) => re.test(value));
      if (known) out.push({ url: `http://localhost:${known[1]}`, source: `${known[2]} default (${file} script "${name}")` });
    }
  }
  const deps = { ...(pkg.dependencies ?? {}), ...(pkg.devDependencies ?? {}) };
  for (const [dep, port] of DEPENDENCY_DEFAULTS) {
    if (dep in deps) out.push({ url: `http://localhost:${port}`, source: `${dep} default (${file})` });
  }
  return out;
}

export function candidatesFromEnv(text: string, file = '.env'): TargetCandidate[] {
  const out: TargetCandidate[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/^\s*export\s+/, '').trim();
    const m = /^([A-Z0-9_]+)\s*=\s*["']?([^"'#\s]*)/i.exec(line);
    if (!m) continue;
    const [, name, value] = m;
    if (/(^|_)PORT$/i.test(name) && /^\d{2,5}$/.test(value) && validPort(Number(value))) {
      out.push({ url: `http://localhost:${value}`, source: `${file} ${name}` });
    } else if (/(URL|URI|HOST|ORIGIN|ENDPOINT)$/i.test(name) && /^https?:\/\//i.test(value)) {
      const url = normalizeTargetUrl(value);
      if (url) out.push({ url, source: `${file} ${name}` });
    }
  }
  return out;
}

export const FALLBACK_CANDIDATES: TargetCandidate[] = [
  { url: 'http://localhost:3000', source: 'common default (Express, Next.js, Rails)' },
  { url: 'http://localhost:8000', source: 'common default (Django, FastAPI)' },
  { url: 'http://localhost:8080', source: 'common default (Go, Spring)' },
  { url: 'http://localhost:5000', source: 'common default (Flask)' },
];

/** One entry per URL, first source kept, file-derived guesses before framework fallbacks. */
export function mergeCandidates(...lists: TargetCandidate[][]): TargetCandidate[] {
  const seen = new Set<string>();
  const out: TargetCandidate[] = [];
  for (const list of lists) {
    for (const c of list) {
      if (seen.has(c.url)) continue;
      seen.add(c.url);
      out.push(c);
    }
  }
  return out;
}

/** One reverse-proxy route: requests under `prefix` go to `target`. */
export interface TargetRoute {
  prefix: string;
  target: string;
}

/** The target setting: a URL string or a list of {prefix, url}; invalid entries are dropped. */
export function parseTargetSetting(value: unknown): TargetRoute[] | null {
  if (typeof value === 'string') {
    const url = value.trim() ? normalizeTargetUrl(value) : null;
    return url ? [{ prefix: '/', target: url }] : null;
  }
  if (Array.isArray(value)) {
    const routes: TargetRoute[] = [];
    for (const item of value) {
      if (!item || typeof item !== 'object') continue;
      const { prefix, url } = item as { prefix?: unknown; url?: unknown };
      const target = typeof url === 'string' ? normalizeTargetUrl(url) : null;
      if (typeof prefix === 'string' && prefix.startsWith('/') && target) routes.push({ prefix, target });
    }
    return routes.length ? routes : null;
  }
  return null;
}

export function describeTargets(routes: TargetRoute[]): string {
  if (routes.length === 1 && routes[0].prefix === '/') return routes[0].target;
  return routes.map((r) => `${r.prefix} → ${r.target}`).join(', ');
}
