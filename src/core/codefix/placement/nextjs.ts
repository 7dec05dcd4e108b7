// Next.js (App Router): route handlers in app/**/route.(ts|js); CORS belongs in the
// request hook that runs before them — `middleware.ts` (`proxy.ts` from Next.js 16) at
// the project root (or in src/). This planner writes one when there is none, and
// recognises its own afterwards (the `corsOrigins` list it checks).
import type * as t from '@babel/types';
import type { FrameworkPlacement, Placement, RouteTarget } from '../plugin';
import type { Project } from '../project';
import type { SourceFile } from '../types';
import { pathOf } from '../../routes';
import { allowedFromSites, findHeaderSites } from '../js/handwritten';
import { readLiteral, topLevelConst } from '../js/literal';
import { isJsPath } from '../js/parse';
import { detectStyle, type JsStyle } from '../js/style';

export const NEXT_CORS_ORIGINS = 'corsOrigins';

export interface NextPlacement extends Placement {
  /** The hook file to write or rewrite (middleware.ts / proxy.ts, with the project's extension). */
  hookPath: string;
  /** `middleware` or `proxy` (Next.js 16). */
  hookName: 'middleware' | 'proxy';
  /** The existing hook file, if any, and whether it is ours. */
  existing: SourceFile | null;
  ours: boolean;
  style: JsStyle;
  typescript: boolean;
  /** The `matcher` for the paths the failing requests used. */
  matcher: string;
}

const ROUTE_FILE = /(^|\/)app\/(.*\/)?route\.(ts|js|mjs|tsx|jsx)$/;

/** The URL pattern of a route file: app/api/items/[id]/route.ts → /api/items/[^/]+ */
function routePattern(path: string): RegExp {
  const dir = path.replace(/(^|.*\/)app\//, '').replace(/\/?route\.[a-z]+$/, '');
  const parts = dir.split('/').filter((p) => p && !/^\(.*\)$/.test(p) && !p.startsWith('@'));
  const body = parts.map((p) => (/^\[\[?\.\.\./.test(p) ? '(?:/.*)?' : /^\[.*\]$/.test(p) ? '/[^/]+' : '/' + p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body || ''}/?$`);
}

function nextMajor(project: Project): number | null {
  const v = project.dependencyVersion('next');
  const m = v ? /(\d+)/.exec(v) : null;
  return m ? Number(m[1]) : null;
}

function matcherFor(target: RouteTarget | null): string {
  const first = target ? pathOf(target.url).split('/')[1] : '';
  return first && /^[\w.-]+$/.test(first) ? `/${first}/:path*` : '/:path*';
}

export const nextPlacement: FrameworkPlacement<NextPlacement> = {
  framework: 'nextjs',
  language: 'javascript',
  wantsFile: (path) => isJsPath(path) || path.endsWith('package.json') || path === 'tsconfig.json',
  detect(project) {
    if (project.hasDependency('next')) return 10;
    return project.jsFiles().some((f) => ROUTE_FILE.test(f.path)) ? 4 : 0;
  },
  locate(project, target) {
    const routes = project.jsFiles().filter((f) => ROUTE_FILE.test(f.path));
    if (!routes.length) return { unfixable: 'no Next.js route handlers found (app/**/route.ts)' };
    const srcDir = routes.some((f) => f.path.startsWith('src/app/')) ? 'src/' : '';
    const typescript = Boolean(project.file('tsconfig.json')) || routes.some((f) => /\.tsx?$/.test(f.path));
    const hookName = (nextMajor(project) ?? 0) >= 16 ? 'proxy' : 'middleware';
    const candidates = ['middleware', 'proxy'].flatMap((n) => ['ts', 'js', 'mjs'].map((e) => `${srcDir}${n}.${e}`));
    const existing = candidates.map((p) => project.file(p)).find((f): f is SourceFile => Boolean(f)) ?? null;
    const route = target ? routes.find((f) => routePattern(f.path).test(pathOf(target.url))) ?? null : null;
    const styleSource = existing ?? route ?? routes[0];
    const styleTree = project.jsTree(styleSource.path);
    const style = styleTree ? detectStyle(styleSource.path, styleSource.text, styleTree) : detectStyle(styleSource.path, '', { type: 'File', program: { type: 'Program', body: [], directives: [], sourceType: 'module' } } as unknown as t.File);
    let allowed = null;
    let ours = false;
    if (existing) {
      const ast = project.jsTree(existing.path);
      const list = ast ? topLevelConst(ast, NEXT_CORS_ORIGINS) : undefined;
      const origins = ast && list?.init ? readLiteral(list.init, ast) : null;
      ours = origins?.kind === 'strings';
      const sites = ast ? findHeaderSites(existing.text, ast.program) : [];
      if (ast && (ours || sites.length)) allowed = allowedFromSites(sites, ast, ours && origins?.kind === 'strings' ? origins.values : null);
    }
    const hookPath = existing?.path ?? `${srcDir}${hookName}.${typescript ? 'ts' : 'js'}`;
    return {
      framework: 'nextjs',
      app: route ? { file: route.path, line: 0, character: 0 } : { file: routes[0].path, line: 0, character: 0 },
      cors: existing && allowed ? { file: existing.path, line: 0, character: 0 } : null,
      allowed,
      route: route ? { file: route.path, line: 0, character: 0 } : null,
      hookPath,
      hookName: existing ? (existing.path.includes('proxy.') ? 'proxy' : 'middleware') : hookName,
      existing,
      ours,
      style,
      typescript,
      matcher: matcherFor(target),
    };
  },
};
