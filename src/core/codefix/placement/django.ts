// Django with django-cors-headers: everything is in the settings module —
// "corsheaders" in INSTALLED_APPS, corsheaders.middleware.CorsMiddleware in MIDDLEWARE
// above CommonMiddleware and above any middleware that can answer by itself (a project
// session check refuses the preflight, which has no cookies), and the CORS_* settings.
// CORS_ALLOW_HEADERS / CORS_ALLOW_METHODS replace the defaults, so new ones keep them:
// `(*default_headers, "x-request-id")`.
import type { FrameworkPlacement, Placement } from '../plugin';
import type { Project } from '../project';
import type { AllowedCors, SourceFile } from '../types';
import { readValue, valueList, type PyValue, type ReadContext } from '../python/literal';
import { declaresDist } from '../python/manifest';
import { detectPyStyle, type PyStyle } from '../python/style';
import { importsFrom, localNameOf, locationOf, moduleAssignments, pythonFiles, pyTree, wantsPythonFile, type Node } from '../python/tree';

export const CORS_MIDDLEWARE = 'corsheaders.middleware.CorsMiddleware';
export const CORS_APP = 'corsheaders';
/** corsheaders/defaults.py */
export const DEFAULT_HEADERS = ['accept', 'accept-encoding', 'authorization', 'content-type', 'dnt', 'origin', 'user-agent', 'x-csrftoken', 'x-requested-with'];
export const DEFAULT_METHODS = ['DELETE', 'GET', 'OPTIONS', 'PATCH', 'POST', 'PUT'];
/** Django's own middleware that never answer a request before the view (SecurityMiddleware only redirects with SECURE_SSL_REDIRECT). */
const HARMLESS = /^django\.(contrib\.(sessions|auth|messages)\.middleware\.\w+|middleware\.(security\.SecurityMiddleware|csrf\.CsrfViewMiddleware|clickjacking\.XFrameOptionsMiddleware|gzip\.GZipMiddleware|locale\.LocaleMiddleware|http\.ConditionalGetMiddleware))$/;

/** Settings names, with the old names django-cors-headers still reads. */
export const SETTINGS = {
  origins: ['CORS_ALLOWED_ORIGINS', 'CORS_ORIGIN_WHITELIST'],
  allowAll: ['CORS_ALLOW_ALL_ORIGINS', 'CORS_ORIGIN_ALLOW_ALL'],
  credentials: ['CORS_ALLOW_CREDENTIALS'],
  headers: ['CORS_ALLOW_HEADERS'],
  methods: ['CORS_ALLOW_METHODS'],
  expose: ['CORS_EXPOSE_HEADERS'],
  maxAge: ['CORS_PREFLIGHT_MAX_AGE'],
  regexes: ['CORS_ALLOWED_ORIGIN_REGEXES', 'CORS_ORIGIN_REGEX_WHITELIST'],
} as const;

export interface DjangoSetting {
  name: string;
  /** The `NAME = value` statement. */
  statement: Node;
  value: PyValue | null;
}

export interface DjangoPlacement extends Placement {
  file: SourceFile;
  root: Node;
  style: PyStyle;
  ctx: ReadContext;
  installedApps: DjangoSetting | null;
  middleware: DjangoSetting | null;
  /** The CorsMiddleware element of MIDDLEWARE, and the first element above it that can answer. */
  corsEntry: Node | null;
  firstAnswering: Node | null;
  appInstalled: boolean;
  setting(kind: keyof typeof SETTINGS): DjangoSetting | null;
  /** What the CORS_* settings allow (whether or not the middleware is installed). */
  settingsAllow: AllowedCors;
  /** Local names of corsheaders.defaults' default_headers/default_methods, when imported. */
  defaultsImported: { headers: string | null; methods: string | null };
}

function isSettings(project: Project, f: SourceFile): boolean {
  const t = pyTree(project, f.path);
  if (!t) return false;
  const a = moduleAssignments(t.rootNode);
  return a.has('INSTALLED_APPS') && (a.has('MIDDLEWARE') || a.has('MIDDLEWARE_CLASSES'));
}

function allowedFromSettings(get: DjangoPlacement['setting']): AllowedCors {
  const bool = (s: DjangoSetting | null) => s?.value?.kind === 'boolean' && s.value.value;
  const list = (s: DjangoSetting | null, fallback: string[]) => (s ? valueList(s.value) : fallback);
  const credentials = bool(get('credentials'));
  const origins = list(get('origins'), []);
  const methods = list(get('methods'), DEFAULT_METHODS);
  const headers = list(get('headers'), DEFAULT_HEADERS);
  const age = get('maxAge')?.value;
  return {
    // With CORS_ALLOW_ALL_ORIGINS, credentials make django-cors-headers echo every origin.
    origins: bool(get('allowAll')) ? (credentials ? 'reflect' : 'any') : origins ?? 'computed',
    methods: methods ? methods.map((m) => m.toUpperCase()) : 'computed',
    allowHeaders: headers ? headers.map((h) => h.toLowerCase()) : 'computed',
    exposeHeaders: (list(get('expose'), []) ?? []).map((h) => h.toLowerCase()),
    credentials,
    maxAgeSeconds: age?.kind === 'number' ? age.value : get('maxAge') ? null : 86400,
    privateNetwork: false,
  };
}

export const djangoPlacement: FrameworkPlacement<DjangoPlacement> = {
  framework: 'django',
  language: 'python',
  wantsFile: wantsPythonFile,
  detect(project) {
    if (declaresDist(project, 'django')) return 10;
    if (project.files.some((f) => f.path === 'manage.py' || f.path.endsWith('/manage.py'))) return 6;
    return pythonFiles(project).some((f) => {
      const t = pyTree(project, f.path);
      return t ? importsFrom(t.rootNode, ['django']) : false;
    }) ? 5 : 0;
  },
  locate(project) {
    if (!project.grammars.python) return { unfixable: 'the Python grammar was not loaded, so the Django settings cannot be read' };
    const candidates = pythonFiles(project).filter((f) => isSettings(project, f));
    // settings.py (or settings/base.py) before other modules that happen to assign the names.
    const file = candidates.find((f) => /(^|\/)settings\.py$/.test(f.path)) ?? candidates.find((f) => /settings/.test(f.path)) ?? candidates[0];
    if (!file) return { unfixable: `no Django settings module found (looked for INSTALLED_APPS and MIDDLEWARE in ${pythonFiles(project).length} Python file(s))` };
    const root = pyTree(project, file.path)!.rootNode;
    const style = detectPyStyle(file.text, root);
    const headersLocal = localNameOf(root, ['corsheaders.defaults.default_headers']);
    const methodsLocal = localNameOf(root, ['corsheaders.defaults.default_methods']);
    const known: Record<string, readonly string[]> = {};
    if (headersLocal) known[headersLocal] = DEFAULT_HEADERS;
    if (methodsLocal) known[methodsLocal] = DEFAULT_METHODS;
    const ctx: ReadContext = { root, known };
    const assignments = moduleAssignments(root);
    const settingOf = (name: string): DjangoSetting | null => {
      const a = assignments.get(name);
      return a ? { name, statement: a.parent!, value: readValue(a.childForFieldName('right'), ctx) } : null;
    };
    const setting = (kind: keyof typeof SETTINGS) => {
      for (const name of SETTINGS[kind]) {
        const s = settingOf(name);
        if (s) return s;
      }
      return null;
    };
    const installedApps = settingOf('INSTALLED_APPS');
    const middleware = settingOf('MIDDLEWARE') ?? settingOf('MIDDLEWARE_CLASSES');
    const appInstalled = installedApps?.value?.kind === 'strings' && installedApps.value.values.some((v) => v === CORS_APP || v.startsWith(`${CORS_APP}.`));
    const entries = middleware?.value?.kind === 'strings' ? middleware.value.elements : [];
    const text = (n: Node) => readValue(n, ctx);
    const valueOf = (n: Node) => {
      const v = text(n);
      return v?.kind === 'string' ? v.value : '';
    };
    const corsEntry = entries.find((e) => valueOf(e) === CORS_MIDDLEWARE) ?? null;
    const answering = entries.find((e) => valueOf(e) !== CORS_MIDDLEWARE && !HARMLESS.test(valueOf(e))) ?? null;
    const corsIndex = corsEntry ? entries.indexOf(corsEntry) : -1;
    const firstAnswering = answering && (corsIndex < 0 || entries.indexOf(answering) < corsIndex) ? answering : null;
    const settingsAllow = allowedFromSettings(setting);
    return {
      framework: 'django',
      app: middleware ? locationOf(file, middleware.statement) : locationOf(file, installedApps!.statement),
      cors: corsEntry ? locationOf(file, setting('origins')?.statement ?? corsEntry) : null,
      allowed: corsEntry ? settingsAllow : null,
      route: null,
      file,
      root,
      style,
      ctx,
      installedApps,
      middleware,
      corsEntry,
      firstAnswering,
      appInstalled,
      setting,
      settingsAllow,
      defaultsImported: { headers: headersLocal, methods: methodsLocal },
    };
  },
};
