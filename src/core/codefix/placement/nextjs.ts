// Next.js (App Router): route handlers in app/**/route.(ts|js); CORS belongs in the
// request hook that runs before them — `middleware.ts` (`proxy.ts` from Next.js 16) at
// the project root (or in src/). This planner writes one when there is none, and
// recognises its own afterwards (the `corsOrigins` list it checks).
import type * as t from '@babel/types';
import type { FrameworkPlacement, Placement, RouteTarget } from '../plugin';
import type { Project } from '../project';
import type { SourceFile } from '../types';
import { pathOf } from '../../routes';
import { walk } from '../js/ast';
import { allowedFromSites, findHeaderSites, type HeaderSite } from '../js/handwritten';
import { findOriginAllowList, type OriginAllowList } from '../js/handwritten-amend';
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
  /** The CORS code of an existing hook this tool did not write, as read from its tree. */
  handWritten: HandWrittenHook | null;
}

export interface HandWrittenHook {
  ast: t.File;
  /** The exported `middleware` / `proxy` function. */
  fn: t.Function & { body: t.BlockStatement };
  /** Its request parameter. */
  requestName: string | null;
  sites: HeaderSite[];
  allowList: OriginAllowList | null;
  /** The statement of the hook's body that answers preflights (`if (request.method === 'OPTIONS') ...`). */
  preflightBranch: t.Statement | null;
  /** A statement before it that may answer first (a session check): preflights carry no credentials. */
  tooLate: t.Statement | null;
}

type HookFunction = t.Function & { body: t.BlockStatement };

/** `export function middleware(...)`, `export default function proxy(...)`, `export const middleware = (...) => {...}`. */
function hookFunction(ast: t.File): HookFunction | null {
  const isBlockFn = (n: t.Node | null | undefined): n is HookFunction =>
    Boolean(n) && (n!.type === 'FunctionDeclaration' || n!.type === 'FunctionExpression' || n!.type === 'ArrowFunctionExpression') && (n as t.Function).body.type === 'BlockStatement';
  for (const st of ast.program.body) {
    const decl = st.type === 'ExportNamedDeclaration' || st.type === 'ExportDefaultDeclaration' ? st.declaration : null;
    if (!decl) continue;
    if (decl.type === 'FunctionDeclaration' && (st.type === 'ExportDefaultDeclaration' || ['middleware', 'proxy'].includes(decl.id?.name ?? '')) && isBlockFn(decl)) return decl;
    if (decl.type === 'VariableDeclaration') {
      for (const d of decl.declarations) if (d.id.type === 'Identifier' && ['middleware', 'proxy'].includes(d.id.name) && isBlockFn(d.init)) return d.init;
    }
  }
  return null;
}

function mentionsOptions(node: t.Node): boolean {
  let found = false;
  walk(node, (n) => {
    if (found) return false;
    if (n.type === 'StringLiteral' && n.value.toUpperCase() === 'OPTIONS') found = true;
  });
  return found;
}

/** `NextResponse.next(...)`: the request goes on to the routes, nothing is answered. */
function passesOn(node: t.Node | null | undefined): boolean {
  return node?.type === 'CallExpression' && node.callee.type === 'MemberExpression' && node.callee.property.type === 'Identifier' && node.callee.property.name === 'next';
}

/** Whether a statement may answer the request itself (a return, outside nested functions, of anything but `NextResponse.next()`). */
function mayAnswer(statement: t.Node): boolean {
  let found = false;
  walk(statement, (n) => {
    if (found) return false;
    if (n !== statement && (n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression' || n.type === 'FunctionDeclaration')) return false;
    if (n.type === 'ReturnStatement' && !passesOn(n.argument)) found = true;
  });
  return found;
}

function readHandWritten(text: string, ast: t.File): HandWrittenHook | null {
  const fn = hookFunction(ast);
  if (!fn) return null;
  const sites = findHeaderSites(text, ast.program);
  const body = fn.body.body;
  const branchIndex = body.findIndex((st) => st.type === 'IfStatement' && mentionsOptions(st.test) && mayAnswer(st));
  const inside = (st: t.Node) => sites.some((s) => s.node.start! >= st.start! && s.node.end! <= st.end!);
  const tooLate = branchIndex > 0 ? body.slice(0, branchIndex).find((st) => mayAnswer(st) && !inside(st)) ?? null : null;
  const param = fn.params[0];
  return {
    ast, fn, sites,
    requestName: param?.type === 'Identifier' ? param.name : null,
    allowList: findOriginAllowList(ast.program, ast),
    preflightBranch: branchIndex >= 0 ? body[branchIndex] : null,
    tooLate,
  };
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
    const style = styleTree ? project.jsStyle(styleSource, styleTree) : detectStyle(styleSource.path, '', { type: 'File', program: { type: 'Program', body: [], directives: [], sourceType: 'module' } } as unknown as t.File);
    let allowed = null;
    let ours = false;
    let handWritten: HandWrittenHook | null = null;
    let corsLine = 0;
    if (existing) {
      const ast = project.jsTree(existing.path);
      const list = ast ? topLevelConst(ast, NEXT_CORS_ORIGINS) : undefined;
      const origins = ast && list?.init ? readLiteral(list.init, ast) : null;
      ours = origins?.kind === 'strings';
      const sites = ast ? findHeaderSites(existing.text, ast.program) : [];
      handWritten = ast && !ours ? readHandWritten(existing.text, ast) : null;
      const known = ours && origins?.kind === 'strings' ? origins.values : handWritten?.allowList?.values ?? null;
      if (ast && (ours || sites.length)) allowed = allowedFromSites(sites, ast, known);
      corsLine = sites.length && !ours ? sites[0].node.loc!.start.line - 1 : 0;
    }
    const hookPath = existing?.path ?? `${srcDir}${hookName}.${typescript ? 'ts' : 'js'}`;
    return {
      framework: 'nextjs',
      app: route ? { file: route.path, line: 0, character: 0 } : { file: routes[0].path, line: 0, character: 0 },
      cors: existing && allowed ? { file: existing.path, line: corsLine, character: 0 } : null,
      allowed,
      route: route ? { file: route.path, line: 0, character: 0 } : null,
      hookPath,
      hookName: existing ? (existing.path.includes('proxy.') ? 'proxy' : 'middleware') : hookName,
      existing,
      ours,
      style,
      typescript,
      matcher: matcherFor(target),
      handWritten,
    };
  },
};
