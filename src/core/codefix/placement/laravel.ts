// Laravel: CORS is the framework's HandleCors middleware (global since Laravel 9.2), set
// up by config/cors.php's array: paths, allowed_methods, allowed_origins,
// allowed_origins_patterns, allowed_headers, exposed_headers, max_age,
// supports_credentials. Its semantics are fruitcake/php-cors's: `['*']` origins echo the
// request's Origin when credentials are on, `['*']` headers echo the requested ones, and
// a path not in `paths` gets no CORS headers at all (its preflight reaches the router).
import type { FrameworkPlacement, Placement } from '../plugin';
import type { Project } from '../project';
import type { AllowedCors, SourceFile } from '../types';
import { locationOf, named, type Node } from '../tree-sitter';
import { readValue, stringValue } from '../php/literal';
import { detectPhpStyle, type PhpStyle } from '../php/style';
import { composerRequires, phpTree, wantsPhpFile } from '../php/tree';

export const LARAVEL_CONFIG = 'config/cors.php';

export interface LaravelPlacement extends Placement {
  file: SourceFile;
  style: PhpStyle;
  /** The array config/cors.php returns (null: the file is not published yet). */
  config: Node | null;
  /** Its entries: key → the array_element_initializer. */
  entries: Map<string, Node>;
  /** The request path (without the leading slash) that must be covered by `paths`. */
  path: string | null;
  /** `paths` does not cover the failing request's path. */
  uncovered: boolean;
  /** What the file configures, whether or not `paths` covers the request (`allowed` is what the request gets). */
  configured: AllowedCors | null;
}

/** The value node of an entry. */
export function entryValue(entry: Node | undefined): Node | null {
  const parts = named(entry);
  return parts.length === 2 ? parts[1] : null;
}

/** Laravel's Str::is: `*` matches anything, the rest literally. */
function pathMatches(pattern: string, path: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(path);
}

function strings(v: ReturnType<typeof readValue>): string[] | null {
  return v?.kind === 'strings' ? v.values : v?.kind === 'string' ? [v.value] : null;
}

function allowedFrom(entries: Map<string, Node>, root: Node): AllowedCors {
  const read = (key: string) => readValue(entryValue(entries.get(key)), root);
  const list = (key: string) => strings(read(key));
  const origins = list('allowed_origins');
  const patterns = list('allowed_origins_patterns');
  const methods = list('allowed_methods');
  const headers = list('allowed_headers');
  const cred = read('supports_credentials');
  const age = read('max_age');
  const credentials = cred?.kind === 'boolean' && cred.value;
  return {
    origins: !origins || (patterns && patterns.length) || origins.some((o) => o !== '*' && o.includes('*')) ? 'computed' : origins.includes('*') ? (credentials ? 'reflect' : 'any') : origins,
    methods: !methods ? 'computed' : methods.includes('*') ? 'any' : methods.map((m) => m.toUpperCase()),
    allowHeaders: !headers ? 'computed' : headers.includes('*') ? 'reflect' : headers.map((h) => h.toLowerCase()),
    exposeHeaders: (list('exposed_headers') ?? []).map((h) => h.toLowerCase()),
    credentials,
    maxAgeSeconds: age?.kind === 'number' ? age.value : null,
    privateNetwork: false,
  };
}

export const laravelPlacement: FrameworkPlacement<LaravelPlacement> = {
  framework: 'laravel',
  language: 'php',
  wantsFile: wantsPhpFile,
  detect: (project: Project) => (composerRequires(project).has('laravel/framework') ? 10 : project.file(LARAVEL_CONFIG) && project.file('artisan') ? 5 : 0),
  locate(project, target) {
    if (!project.grammars.php) return { unfixable: 'the PHP grammar was not loaded, so config/cors.php cannot be read' };
    let path: string | null = null;
    try {
      path = target ? new URL(target.url).pathname.replace(/^\//, '') : null;
    } catch {
      path = null;
    }
    const existing = project.file(LARAVEL_CONFIG);
    const file = existing ?? { path: LARAVEL_CONFIG, text: '' };
    const tree = existing ? phpTree(project, existing.path) : null;
    const ret = tree ? named(tree.rootNode).find((n) => n.type === 'return_statement') : undefined;
    const config = ret?.firstNamedChild?.type === 'array_creation_expression' ? ret.firstNamedChild : null;
    if (existing && !config) return { unfixable: `${LARAVEL_CONFIG} does not return an array literal, so it cannot be amended safely` };
    const entries = new Map<string, Node>();
    for (const el of named(config)) {
      const key = el.type === 'array_element_initializer' && named(el).length === 2 ? stringValue(named(el)[0]) : null;
      if (key) entries.set(key, el);
    }
    const paths = strings(readValue(entryValue(entries.get('paths')), tree?.rootNode ?? config!));
    const uncovered = Boolean(config && path !== null && paths && !paths.some((p) => pathMatches(p.replace(/^\//, ''), path!)));
    const configured = config && tree ? allowedFrom(entries, tree.rootNode) : null;
    return {
      framework: 'laravel',
      app: config && tree ? locationOf(file, config) : null,
      cors: config && tree ? locationOf(file, config) : null,
      // Until the request's path is in `paths`, the middleware allows it nothing.
      allowed: configured && uncovered ? { ...configured, origins: [] } : configured,
      route: null,
      file,
      style: detectPhpStyle(file.text, tree?.rootNode ?? null),
      config,
      entries,
      path,
      uncovered,
      configured,
    };
  },
};
