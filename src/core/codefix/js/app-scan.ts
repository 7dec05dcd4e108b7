// Finding a JS server app in a file — the statement that creates it and the calls
// made on it afterwards (middleware, routes, plugins) in the order they run — so a
// placement can tell where CORS is registered and whether something answers first.
import type * as t from '@babel/types';
import type { SourceFile, SourceLocation } from '../types';
import { memberCall, unwrapAwait, walk } from './ast';
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
