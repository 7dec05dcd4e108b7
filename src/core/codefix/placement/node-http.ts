// Plain Node `http`/`https`: `http.createServer((req, res) => { ... })` (inline, or a
// named handler). CORS is either hand-written headers scattered over the handlers, or
// the allow-list function this planner writes (`applyCors`, called first).
import type * as t from '@babel/types';
import type { FrameworkPlacement, Placement } from '../plugin';
import type { Project } from '../project';
import type { SourceFile } from '../types';
import { findRoutes, matchRoute } from '../../routes';
import { moduleBindings, statementContaining, walk } from '../js/ast';
import { locationOf } from '../js/app-scan';
import { allowedFromSites, findHeaderSites, type HeaderSite } from '../js/handwritten';
import { readLiteral, topLevelConst } from '../js/literal';
import { isJsPath } from '../js/parse';
import { detectStyle, type JsStyle } from '../js/style';

export const CORS_FUNCTION = 'applyCors';
export const CORS_ORIGINS = 'corsOrigins';
const MODULES = ['http', 'node:http', 'https', 'node:https'];

export interface NodeHttpPlacement extends Placement {
  file: SourceFile;
  ast: t.File;
  style: JsStyle;
  /** The top-level statement holding createServer (new code goes above it). */
  serverStatement: t.Statement;
  handler: t.Function & { body: t.BlockStatement };
  reqName: string;
  resName: string;
  /** Our allow-list function and its origin list, when present. */
  corsFunction: t.FunctionDeclaration | null;
  originList: t.VariableDeclaration | null;
  /** Hand-written CORS headers outside our function. */
  sites: HeaderSite[];
}

function createServerCall(node: t.Node, ast: t.File): t.CallExpression | null {
  if (node.type !== 'CallExpression') return null;
  const bindings = moduleBindings(ast).filter((b) => MODULES.includes(b.source));
  const c = node.callee;
  if (c.type === 'MemberExpression' && c.object.type === 'Identifier' && c.property.type === 'Identifier' && c.property.name === 'createServer') {
    const object = c.object.name;
    return bindings.some((b) => b.local === object) ? node : null;
  }
  if (c.type === 'Identifier') return bindings.some((b) => b.named.get('createServer') === c.name) ? node : null;
  return null;
}

function handlerOf(arg: t.Node | undefined, ast: t.File): (t.Function & { body: t.BlockStatement }) | null {
  if (!arg) return null;
  if ((arg.type === 'ArrowFunctionExpression' || arg.type === 'FunctionExpression') && arg.body.type === 'BlockStatement') return arg as t.Function & { body: t.BlockStatement };
  if (arg.type === 'Identifier') {
    for (const s of ast.program.body) {
      if (s.type === 'FunctionDeclaration' && s.id?.name === arg.name) return s as t.Function & { body: t.BlockStatement };
    }
    const d = topLevelConst(ast, arg.name);
    if (d?.init) return handlerOf(d.init, ast);
  }
  return null;
}

function paramName(p: t.Node | undefined, fallback: string): string {
  return p?.type === 'Identifier' ? p.name : fallback;
}

function find(project: Project): Omit<NodeHttpPlacement, 'framework' | 'app' | 'cors' | 'allowed' | 'route' | 'headerLine'> | null {
  for (const file of project.jsFiles()) {
    const ast = project.jsTree(file.path);
    if (!ast || !moduleBindings(ast).some((b) => MODULES.includes(b.source))) continue;
    let hit: { call: t.CallExpression; handler: t.Function & { body: t.BlockStatement } } | null = null;
    walk(ast.program, (n) => {
      if (hit) return false;
      const call = createServerCall(n, ast);
      // createServer(options, handler) or createServer(handler)
      const handler = call ? handlerOf(call.arguments[call.arguments.length - 1] as t.Node, ast) : null;
      if (call && handler) hit = { call, handler };
    });
    if (!hit) continue;
    const { call, handler } = hit as { call: t.CallExpression; handler: t.Function & { body: t.BlockStatement } };
    const serverStatement = statementContaining(ast.program.body, call)!;
    const corsFunction = ast.program.body.find((s): s is t.FunctionDeclaration => s.type === 'FunctionDeclaration' && s.id?.name === CORS_FUNCTION) ?? null;
    const originList = ast.program.body.find((s): s is t.VariableDeclaration => s.type === 'VariableDeclaration' && s.declarations.some((d) => d.id.type === 'Identifier' && d.id.name === CORS_ORIGINS)) ?? null;
    const sites = findHeaderSites(file.text, ast.program).filter((s) => !corsFunction || s.node.start! < corsFunction.start! || s.node.end! > corsFunction.end!);
    return {
      file, ast, style: detectStyle(file.path, file.text, ast), serverStatement, handler,
      reqName: paramName(handler.params[0], 'req'), resName: paramName(handler.params[1], 'res'),
      corsFunction, originList, sites,
    };
  }
  return null;
}

export const nodeHttpPlacement: FrameworkPlacement<NodeHttpPlacement> = {
  framework: 'node-http',
  language: 'javascript',
  wantsFile: (path) => isJsPath(path) || path.endsWith('package.json'),
  detect: (project) => (find(project) ? 3 : 0),
  locate(project, target) {
    const found = find(project);
    if (!found) return { unfixable: 'no Node http server found (looked for http.createServer with a request handler)' };
    const ourSites = found.corsFunction ? findHeaderSites(found.file.text, found.corsFunction) : [];
    const list = found.originList ? readLiteral(found.originList.declarations[0].init!, found.ast) : null;
    const origins = list?.kind === 'strings' ? list.values : null;
    const allowed = found.corsFunction || found.sites.length ? allowedFromSites([...ourSites, ...found.sites], found.ast, found.corsFunction ? origins : null) : null;
    const route = target ? matchRoute(findRoutes(found.file), target.method, target.url, target.preflightFor) : undefined;
    // The failing header's line: the Allow-Origin site closest after the failing route's label.
    const acao = found.sites.filter((s) => s.name === 'access-control-allow-origin');
    const headerSite = (route && acao.find((s) => s.node.loc!.start.line - 1 >= route.line)) ?? acao[0];
    return {
      framework: 'node-http',
      ...found,
      app: locationOf(found.file, found.serverStatement),
      cors: found.corsFunction ? locationOf(found.file, found.corsFunction) : null,
      headerLine: headerSite ? locationOf(found.file, headerSite.node) : null,
      allowed,
      route: route ? { file: route.file, line: route.line, character: route.column } : null,
    };
  },
};
