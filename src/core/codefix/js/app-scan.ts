// Finding a JS server app in a file — the statement that creates it and the calls
// made on it afterwards (middleware, routes, plugins) in the order they run — so a
// placement can tell where CORS is registered and whether something answers first.
import type * as t from '@babel/types';
import type { SourceFile, SourceLocation } from '../types';
import { memberCall, moduleBindings, unwrapAwait, walk } from './ast';
import { detectStyle, type JsStyle } from './style';

export interface AppCall {
  statement: t.Statement;
  call: t.CallExpression;
  /** The method called on the app: use, get, register, addHook, enableCors, ... */
  method: string;
}

export interface AppScan {
  file: SourceFile;
  ast: t.File;
  style: JsStyle;
  /** The variable holding the app. */
  appName: string;
  /** The statement that creates the app. */
  creation: t.Statement;
  /** The statement list that holds the creation (the program, or a function body such as NestJS's bootstrap). */
  body: t.Statement[];
  /** Calls on the app in the same statement list, after its creation, in order. */
  calls: AppCall[];
}

/** Walks to every `const <name> = <init>` and asks `isApp` whether init creates an app. */
export function findAppCreation(
  file: SourceFile,
  ast: t.File,
  isApp: (init: t.Node) => boolean,
): AppScan | null {
  let found: AppScan | null = null;
  walk(ast.program, (node, parents) => {
    if (found) return false;
    if (node.type !== 'VariableDeclaration') return;
    for (const d of node.declarations) {
      const init = unwrapAwait(d.init);
      if (d.id.type !== 'Identifier' || !init || !isApp(init)) continue;
      // `export const app = express()`: the export statement is the one in the list.
      const exported = parents[parents.length - 1]?.type === 'ExportNamedDeclaration';
      const statement = (exported ? parents[parents.length - 1] : node) as t.Statement;
      const holder = parents[parents.length - (exported ? 2 : 1)] as t.Node | undefined;
      const body: t.Statement[] | null = holder?.type === 'Program' || holder?.type === 'BlockStatement' ? holder.body : null;
      if (!body) continue;
      found = { file, ast, style: detectStyle(file.path, file.text, ast), appName: d.id.name, creation: statement, body, calls: [] };
      found.calls = callsOn(found.appName, body, body.indexOf(statement) + 1);
      return false;
    }
  });
  return found;
}

/** `app.x(...)` statements (also awaited, also chained `app.use(a).use(b)` as their first call) from `from` on. */
export function callsOn(appName: string, body: t.Statement[], from: number): AppCall[] {
  const out: AppCall[] = [];
  for (const statement of body.slice(from)) {
    if (statement.type !== 'ExpressionStatement') continue;
    let expr = unwrapAwait(statement.expression);
    // Chains: app.use(a).use(b) → the innermost call is on the app.
    while (expr?.type === 'CallExpression' && expr.callee.type === 'MemberExpression' && expr.callee.object.type === 'CallExpression') {
      expr = expr.callee.object;
    }
    const m = expr ? memberCall(expr) : null;
    if (m && m.object === appName) out.push({ statement, call: m.call, method: m.method });
  }
  return out;
}

export function locationOf(file: SourceFile, node: t.Node): SourceLocation {
  return { file: file.path, line: node.loc!.start.line - 1, character: node.loc!.start.column };
}

/** The workspace path a relative import of `from` names, without its extension (`./routes/items.js` → `src/routes/items`). */
function importedPath(from: string, source: string): string | null {
  if (!source.startsWith('.')) return null;
  const parts = from.split('/').slice(0, -1);
  for (const p of source.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.') parts.push(p);
  }
  return parts.join('/').replace(/\.[cm]?[jt]sx?$/, '');
}

/**
 * Whether another app mounts this one (`app.route('/api', api)`, `app.use('/api', router)`,
 * `app.register(plugin)`): the other app's own middleware runs first, so it is the root.
 */
export function isMountedBy(sub: AppScan, root: AppScan): boolean {
  if (sub === root) return false;
  const subPath = sub.file.path.replace(/\.[cm]?[jt]sx?$/, '');
  const locals = new Set<string>();
  for (const b of moduleBindings(root.ast)) {
    if (importedPath(root.file.path, b.source) !== subPath) continue;
    if (b.local) locals.add(b.local);
    for (const local of b.named.values()) locals.add(local);
  }
  if (sub.file === root.file) locals.add(sub.appName);
  return root.calls.some((c) => c.call.arguments.some((a) => a.type === 'Identifier' && locals.has(a.name)));
}
