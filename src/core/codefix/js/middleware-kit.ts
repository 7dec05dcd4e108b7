// What the JS middleware frameworks (Express, Fastify, Koa, Hono) share: the app is
// created in one statement, CORS is one middleware registered on it with an options
// object, and it must be registered before the routes and the auth that would answer a
// preflight first. A framework says how its app is created, how CORS is registered and
// imported, and which calls must come after CORS; the kit does the rest.
import type * as t from '@babel/types';
import { findRoutes, matchRoute } from '../../routes';
import { replaceEdit } from '../edits';
import type { FrameworkGenerator, FrameworkPlacement, NoPlacement, Placement, RouteTarget } from '../plugin';
import { isJsPath } from './parse';
import type { Project } from '../project';
import type { CorsPolicy, DependencyChange, FrameworkId, PlannedChange, SourceFile, TextEdit } from '../types';
import type { GeneratedFix } from '../plugin';
import { bindingOf, indentAt, moduleBindings, statementLines, walk } from './ast';
import { findAppCreation, locationOf, type AppCall, type AppScan } from './app-scan';
import { amendOptions, optionEntries, printObject, readAllowed, type CorsDialect, type OptionsSlot } from './cors-options';
import { readLiteral, topLevelConst } from './literal';
import type { OffsetEdit } from './object-edit';
import { addDependencies } from './package-json';
import { detectStyle, quoted, semi, type JsStyle } from './style';

export interface CorsImport {
  /** Module specifier. */
  source: string;
  /** Default import (`import cors from 'cors'`), or the named export (`import { cors } from 'hono/cors'`). */
  named?: string;
  /** The local name new code uses. */
  local: string;
}

export interface Registration {
  /** The app call that registers CORS (null when CORS sits on a route instead). */
  appCall: AppCall | null;
  /** The `cors(...)` call itself (or the register call for plugins). */
  node: t.Node;
  slot: OptionsSlot;
  file: SourceFile;
  ast: t.File;
  style: JsStyle;
}

export interface MiddlewareSpec {
  framework: FrameworkId;
  displayName: string;
  /** Packages whose presence in package.json says "this framework" (the first is the framework itself). */
  packages: string[];
  /** Module specifiers of the framework. */
  modules: string[];
  /** Whether `init` creates the app, given the file's module bindings. */
  isApp(init: t.Node, ast: t.File): boolean;
  /**
   * The CORS middleware. `version`: what to add to package.json when missing (none when it
   * ships with the framework, as hono/cors). `builtIn`: a method of the app itself (NestJS's
   * enableCors): no import, no package.
   */
  cors: CorsImport & { version?: string; types?: { name: string; version: string }; builtIn?: boolean };
  dialect: CorsDialect;
  /** The CORS registration among the app's calls, given the local name of the CORS import. */
  registration(call: AppCall, corsLocal: string, scan: AppScan): OptionsSlot | null;
  /** A new registration statement (without indentation or line end). */
  printRegistration(appName: string, corsLocal: string, options: string, style: JsStyle, scan: AppScan): string;
  /** Calls that must not run before CORS: routes, routers, auth. */
  answersFirst(call: AppCall, corsLocal: string | null): boolean;
  /** CORS given where the app is created (NestJS: `NestFactory.create(AppModule, { cors })`). */
  creationSlot?(scan: AppScan): { node: t.Node; slot: OptionsSlot } | null;
}

export interface MiddlewarePlacement extends Placement {
  scan: AppScan;
  corsLocal: string | null;
  registration: Registration | null;
  /** The first call that runs before CORS although it may answer a preflight. */
  tooLate: AppCall | null;
}

/** Local name bound to the CORS import in this file, if imported. */
export function corsLocalName(ast: t.File, imp: CorsImport): string | null {
  const b = bindingOf(ast, [imp.source]);
  if (!b) return null;
  if (imp.named) return b.named.get(imp.named) ?? null;
  return b.local;
}

/** `x(...)` or a const bound to `x(...)`: the call, when `x` is the CORS import. */
export function corsCallOf(node: t.Node | undefined | null, corsLocal: string, ast: t.File): t.CallExpression | null {
  if (!node) return null;
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === corsLocal) return node;
  if (node.type === 'Identifier') {
    const d = topLevelConst(ast, node.name);
    if (d?.init) return corsCallOf(d.init, corsLocal, ast);
  }
  return null;
}

/** `app.use(cors(...))`, `app.use('/api', cors(...))` or `app.use(corsMiddleware)`: the options slot. */
export function useRegistration(call: AppCall, corsLocal: string, scan: AppScan): OptionsSlot | null {
  if (call.method !== 'use') return null;
  for (const arg of call.call.arguments) {
    const c = corsCallOf(arg as t.Node, corsLocal, scan.ast);
    if (c) return callSlot(c, scan.ast);
  }
  return null;
}

/** The options slot of a `cors(options?)` call. */
export function callSlot(call: t.CallExpression, ast: t.File, argIndex = 0): OptionsSlot {
  const arg = call.arguments[argIndex];
  if (!arg) {
    const prev = call.arguments[argIndex - 1];
    return prev ? { kind: 'none', insertAt: prev.end!, prefix: ', ' } : { kind: 'none', insertAt: call.end! - 1, prefix: '' };
  }
  if (arg.type === 'ObjectExpression') return { kind: 'object', node: arg };
  if (arg.type === 'Identifier') {
    const d = topLevelConst(ast, arg.name);
    if (d?.init?.type === 'ObjectExpression') return { kind: 'object', node: d.init };
  }
  const v = readLiteral(arg, ast);
  if (v.kind === 'string' || v.kind === 'strings' || v.kind === 'boolean') return { kind: 'literal', node: arg, value: v };
  return { kind: 'computed', node: arg };
}

function pickApp(project: Project, spec: MiddlewareSpec, target: RouteTarget | null): AppScan | null {
  const scans: AppScan[] = [];
  for (const f of project.jsFiles()) {
    const ast = project.jsTree(f.path);
    if (!ast || !moduleBindings(ast).some((b) => spec.modules.includes(b.source))) continue;
    const scan = findAppCreation(f, ast, (init) => spec.isApp(init, ast));
    if (scan) scans.push(scan);
  }
  if (scans.length <= 1) return scans[0] ?? null;
  // Several apps: the one that serves the failing route, else the one that listens.
  if (target) {
    const hit = scans.find((s) => matchRoute(findRoutes(s.file), target.method, target.url, target.preflightFor));
    if (hit) return hit;
  }
  return scans.find((s) => /\.listen\s*\(/.test(s.file.text)) ?? scans[0];
}

/** The route-level CORS of the failing route (`app.get('/x', cors(...), handler)`), if it has one. */
function routeRegistration(project: Project, spec: MiddlewareSpec, target: RouteTarget | null): { reg: Registration; route: t.Node } | null {
  if (!target) return null;
  for (const f of project.jsFiles()) {
    const ast = project.jsTree(f.path);
    const corsLocal = ast ? corsLocalName(ast, spec.cors) : null;
    if (!ast || !corsLocal) continue;
    const route = matchRoute(findRoutes(f), target.method, target.url, target.preflightFor);
    if (!route) continue;
    let found: { reg: Registration; route: t.Node } | null = null;
    walk(ast.program, (n) => {
      if (found || n.type !== 'CallExpression' || n.loc!.start.line - 1 !== route.line) return;
      for (const arg of n.arguments) {
        const c = corsCallOf(arg as t.Node, corsLocal, ast);
        if (c) {
          found = { reg: { appCall: null, node: c, slot: callSlot(c, ast), file: f, ast, style: scanStyle(project, f, ast) }, route: n };
          return false;
        }
      }
    });
    if (found) return found;
  }
  return null;
}

function scanStyle(_project: Project, f: SourceFile, ast: t.File): JsStyle {
  return detectStyle(f.path, f.text, ast);
}

export function middlewareDetect(project: Project, spec: MiddlewareSpec): number {
  if (spec.packages.some((p) => project.hasDependency(p))) return 10;
  return project.jsFiles().some((f) => {
    const ast = project.jsTree(f.path);
    return ast ? moduleBindings(ast).some((b) => spec.modules.includes(b.source)) : false;
  }) ? 5 : 0;
}

export function middlewareLocate(project: Project, spec: MiddlewareSpec, target: RouteTarget | null): MiddlewarePlacement | NoPlacement {
  const scan = pickApp(project, spec, target);
  if (!scan) return { unfixable: `no ${spec.displayName} app found (looked for the statement that creates it in ${project.jsFiles().length} JS/TS file(s))` };
  const corsLocal = corsLocalName(scan.ast, spec.cors);
  let registration: Registration | null = null;
  let corsIndex = -1;
  // Without an import, CORS may still be registered inline (`app.register(require('@fastify/cors'))`).
  scan.calls.forEach((call, i) => {
    if (registration) return;
    const slot = spec.registration(call, corsLocal ?? '', scan);
    if (slot) {
      registration = { appCall: call, node: call.call, slot, file: scan.file, ast: scan.ast, style: scan.style };
      corsIndex = i;
    }
  });
  if (!registration && spec.creationSlot) {
    const atCreation = spec.creationSlot(scan);
    if (atCreation) registration = { appCall: null, node: atCreation.node, slot: atCreation.slot, file: scan.file, ast: scan.ast, style: scan.style };
  }
  let routeNode: t.Node | null = null;
  if (!registration) {
    const onRoute = routeRegistration(project, spec, target);
    if (onRoute) {
      registration = onRoute.reg;
      routeNode = onRoute.route;
    }
  }
  const reg = registration as Registration | null;
  let tooLate: AppCall | null = null;
  if (reg?.appCall && corsIndex > 0) {
    tooLate = scan.calls.slice(0, corsIndex).find((c) => spec.answersFirst(c, corsLocal)) ?? null;
  }
  let route = null;
  if (target) {
    for (const f of project.jsFiles()) {
      const r = matchRoute(findRoutes(f), target.method, target.url, target.preflightFor);
      if (r) {
        route = { file: r.file, line: r.line, character: r.column };
        break;
      }
    }
  }
  return {
    framework: spec.framework,
    app: locationOf(scan.file, scan.creation),
    cors: reg ? locationOf(reg.file, reg.appCall?.statement ?? reg.node) : null,
    allowed: reg ? readAllowed(reg.slot, spec.dialect, reg.ast) : null,
    route: routeNode && reg ? locationOf(reg.file, routeNode) : route,
    scan,
    corsLocal,
    registration: reg,
    tooLate,
  };
}

function toTextEdits(file: SourceFile, edits: OffsetEdit[]): TextEdit[] {
  return edits.map((e) => replaceEdit(file, e.start, e.end, e.text));
}

function applyOffsetEdits(text: string, base: number, edits: OffsetEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start - base) + e.text + out.slice(e.end - base);
  return out;
}

function reindent(block: string, from: string, to: string): string {
  if (from === to) return block;
  return block.split('\n').map((line) => (line.startsWith(from) ? to + line.slice(from.length) : line)).join('\n');
}

/** Where a new import/require of the CORS package goes, and its text. */
function importEdit(scan: AppScan, imp: CorsImport): OffsetEdit {
  const { style, ast, file } = scan;
  const q = (s: string) => quoted(s, style);
  const text = style.esm
    ? imp.named ? `import { ${imp.named} } from ${q(imp.source)}${semi(style)}` : `import ${imp.local} from ${q(imp.source)}${semi(style)}`
    : imp.named ? `const { ${imp.named} } = require(${q(imp.source)})${semi(style)}` : `const ${imp.local} = require(${q(imp.source)})${semi(style)}`;
  const bindings = moduleBindings(ast).filter((b) => (style.esm ? b.kind === 'import' : true));
  const last = bindings[bindings.length - 1]?.statement;
  if (last) {
    const at = statementLines(file.text, last).end;
    return { start: at, end: at, text: (at === file.text.length && !file.text.endsWith('\n') ? style.eol : '') + text + style.eol };
  }
  // No imports yet: after a shebang, 'use strict' and leading comments.
  const first = ast.program.body[0];
  const directive = ast.program.directives[ast.program.directives.length - 1];
  const at = directive ? statementLines(file.text, directive).end : first ? statementLines(file.text, first).start : 0;
  return { start: at, end: at, text: text + style.eol };
}

export function middlewareGenerate(spec: MiddlewareSpec, p: MiddlewarePlacement, policy: CorsPolicy, project: Project): GeneratedFix {
  const changes: PlannedChange[] = [];
  const dependencies: DependencyChange[] = [];
  const reg = p.registration;
  if (reg) {
    const indent = indentAt(reg.file.text, (reg.appCall?.statement ?? reg.node).start!);
    const amended = amendOptions(reg.file.text, reg.ast, reg.slot, policy, spec.dialect, reg.style, indent);
    if (amended.unfixable) return { changes: [], dependencies: [], unfixable: `${amended.unfixable} (${reg.file.path}:${reg.node.loc!.start.line})` };
    const where = `${reg.file.path}:${reg.node.loc!.start.line}`;
    if (p.tooLate && reg.appCall) {
      // Move the registration (with the amendments inside it) above the first call that answers before it.
      const text = reg.file.text;
      const lines = statementLines(text, reg.appCall.statement);
      const inside = amended.edits.filter((e) => e.start >= lines.start && e.end <= lines.end);
      const outside = amended.edits.filter((e) => !inside.includes(e));
      const targetLines = statementLines(text, p.tooLate.statement);
      const block = reindent(applyOffsetEdits(text.slice(lines.start, lines.end), lines.start, inside), indentAt(text, reg.appCall.statement.start!), indentAt(text, p.tooLate.statement.start!));
      const edits: TextEdit[] = [
        replaceEdit(reg.file, targetLines.start, targetLines.start, block),
        replaceEdit(reg.file, lines.start, lines.end, ''),
        ...toTextEdits(reg.file, outside),
      ];
      const tooLateLine = p.tooLate.statement.loc!.start.line;
      changes.push({
        reason: `Register CORS before line ${tooLateLine} (${describeCall(reg.file.text, p.tooLate)}) so preflights get their answer first${amended.what.length ? `, and ${amended.what.join(', ')}` : ''} (${where})`,
        edits,
      });
    } else if (amended.edits.length) {
      changes.push({ reason: `${capitalize(amended.what.join(', '))} in the existing CORS configuration (${where})`, edits: toTextEdits(reg.file, amended.edits) });
    }
    return { changes, dependencies };
  }

  // No CORS yet: the framework's middleware, right after the app is created.
  const scan = p.scan;
  const text = scan.file.text;
  const indent = indentAt(text, scan.creation.start!);
  const corsLocal = p.corsLocal ?? spec.cors.local;
  const options = printObject(optionEntries({ ...policy, exposeHeaders: [] }, spec.dialect, scan.style), scan.style, indent);
  const statement = spec.printRegistration(scan.appName, corsLocal, options, scan.style, scan);
  const after = statementLines(text, scan.creation).end;
  const edits: TextEdit[] = [];
  if (!p.corsLocal && !spec.cors.builtIn) {
    const imp = importEdit(scan, { ...spec.cors, local: corsLocal });
    edits.push(replaceEdit(scan.file, imp.start, imp.end, imp.text));
  }
  edits.push(replaceEdit(scan.file, after, after, `${indent}${statement}${scan.style.eol}`));
  changes.push({
    reason: `Add ${spec.cors.builtIn ? `${scan.appName}.${spec.cors.source}()` : `the ${spec.cors.source} middleware`} right after the app is created (${scan.file.path}:${scan.creation.loc!.start.line}), allowing ${policy.origins.join(', ')}${policy.credentials ? ' with credentials' : ''}`,
    edits,
  });
  if (!spec.cors.builtIn && spec.cors.version) {
    const wanted = [{ name: spec.cors.source, version: spec.cors.version }];
    if (scan.style.typescript && spec.cors.types) wanted.push({ ...spec.cors.types, dev: true } as { name: string; version: string; dev: boolean });
    const deps = addDependencies(project, wanted);
    dependencies.push(...deps.dependencies);
    if (deps.edits.length) {
      changes.push({ reason: `Add ${deps.dependencies.map((d) => d.name).join(' and ')} to ${deps.dependencies[0].manifest} (then run ${deps.dependencies[0].installCommand})`, edits: deps.edits });
    }
  }
  return { changes, dependencies };
}

function describeCall(text: string, call: AppCall): string {
  const src = text.slice(call.call.start!, call.call.end!).split('\n')[0];
  return src.length > 50 ? `${src.slice(0, 47)}...` : src;
}

function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** The placement half of a middleware framework's plug-in (`spec` may depend on the project, as NestJS's platform does). */
export function middlewarePlacement(framework: FrameworkId, specFor: (project: Project) => MiddlewareSpec): FrameworkPlacement<MiddlewarePlacement> {
  return {
    framework,
    language: 'javascript',
    wantsFile: (path) => isJsPath(path) || path.endsWith('package.json'),
    detect: (project) => middlewareDetect(project, specFor(project)),
    locate: (project, target) => middlewareLocate(project, specFor(project), target),
  };
}

/** The generator half: the spec's middleware amended in place, moved before what answers first, or added. */
export function middlewareGenerator(framework: FrameworkId, specFor: (project: Project) => MiddlewareSpec): FrameworkGenerator<MiddlewarePlacement> {
  return { framework, generate: (placement, policy, project) => middlewareGenerate(specFor(project), placement, policy, project) };
}
