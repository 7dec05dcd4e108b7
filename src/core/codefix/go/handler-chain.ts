// Plain net/http servers: the handler given to `http.ListenAndServe(addr, h)` (or to
// `http.Server{Handler: h}`), followed through `h := ...` to the expression that builds
// it, read as a chain of wrappers `outer(inner(mux))`. The request meets the outermost
// wrapper first, so CORS must be outermost: inside a session check, the check refuses
// the preflight (it carries no cookie) before CORS can answer it.
import type { Project } from '../project';
import { named, walk, type Node } from '../tree-sitter';
import type { SourceFile } from '../types';
import { textWithin, type OffsetEdit } from './edit';
import { detectGoStyle, type GoStyle } from './style';
import { argumentsOf, calleeText, goFiles, goTree, keyedElements, localPackage, statementOf, valueOf } from './tree';

export interface Layer {
  /** The wrapping call, e.g. `requireSession(mux)`. */
  call: Node;
  /** The handler it wraps (its one argument). */
  inner: Node;
  name: string;
}

export interface HandlerChain {
  file: SourceFile;
  root: Node;
  style: GoStyle;
  /** The local name of net/http. */
  http: string;
  /** The expression that builds the served handler (edited in place). */
  expression: Node;
  /** Wrappers from the outermost in; the innermost handler is `base`. */
  layers: Layer[];
  base: Node;
  /** The function the chain is built in (where a new statement goes). */
  statement: Node;
}

/** Wrappers that never answer a request themselves. */
const HARMLESS = /(^|\.)(log|logging|logger|gzip|compress|recover|recoverer|withLogging)\w*$/i;

export function isHarmless(layer: Layer): boolean {
  return HARMLESS.test(layer.name);
}

/** `h := expr` / `h = expr` / `var h = expr` before `use` in its function: the last such expression. */
function assignedBefore(name: string, use: Node): Node | null {
  let fn: Node | null = use.parent;
  while (fn && fn.type !== 'function_declaration' && fn.type !== 'func_literal') fn = fn.parent;
  if (!fn) return null;
  let found: Node | null = null;
  walk(fn, (n) => {
    if (n.startIndex >= use.startIndex) return false;
    if (n.type === 'short_var_declaration' || n.type === 'assignment_statement') {
      const left = named(n.childForFieldName('left'));
      const right = named(n.childForFieldName('right'));
      if (left.length === 1 && left[0].text === name && right[0]) found = right[0];
    } else if (n.type === 'var_spec' && n.childForFieldName('name')?.text === name) {
      found = named(n.childForFieldName('value'))[0] ?? found;
    }
  });
  return found;
}

/** Handlers wrapped by plain function calls: `f(h)`, `x.Handler(h)`, `cors.Handler(o)(h)`. */
function unwrap(expression: Node): { layers: Layer[]; base: Node } {
  const layers: Layer[] = [];
  let e = expression;
  for (;;) {
    if (e.type !== 'call_expression') break;
    const args = argumentsOf(e);
    if (args.length !== 1 || e.childForFieldName('arguments')?.text.includes('...')) break;
    const inner = args[0];
    // A conversion or a constructor (`http.HandlerFunc(f)`, `newMux()`) is the handler itself.
    const callee = calleeText(e);
    if (/^http\.(HandlerFunc|NewServeMux)$/.test(callee)) break;
    layers.push({ call: e, inner, name: callee });
    e = inner;
  }
  return { layers, base: e };
}

/** The served handler of the project: the first ListenAndServe (or http.Server) found. */
export function findHandlerChain(project: Project): HandlerChain | string {
  for (const f of goFiles(project)) {
    const tree = goTree(project, f.path);
    if (!tree) continue;
    const root = tree.rootNode;
    const http = localPackage(root, 'net/http');
    if (!http) continue;
    let served: Node | null = null;
    walk(root, (n) => {
      if (served) return false;
      if (n.type === 'call_expression') {
        const callee = calleeText(n);
        const args = argumentsOf(n);
        if (callee === `${http}.ListenAndServe` && args[1]) served = args[1];
        if (callee === `${http}.ListenAndServeTLS` && args[3]) served = args[3];
      }
      if (n.type === 'composite_literal' && n.childForFieldName('type')?.text === `${http}.Server`) {
        const el = keyedElements(n.childForFieldName('body')!).get('Handler');
        if (el) served = valueOf(el);
      }
    });
    if (!served) continue;
    let expression: Node = served;
    for (let i = 0; i < 3 && expression.type === 'identifier'; i++) {
      const assigned = assignedBefore(expression.text, expression);
      if (!assigned) break;
      // Only a handler built by wrapping is followed: `mux := newMux()` is the base.
      if (unwrap(assigned).layers.length === 0) break;
      expression = assigned;
    }
    const { layers, base } = unwrap(expression);
    return { file: f, root, style: detectGoStyle(f.text), http, expression, layers, base, statement: statementOf(expression) };
  }
  return `no served handler found (looked for \`http.ListenAndServe(addr, handler)\` in ${goFiles(project).length} Go file(s))`;
}

/**
 * The edit that makes `layer` the outermost wrapper of the chain (the edits already planned
 * inside the expression are carried along); the other edits are returned untouched.
 */
export function moveLayerOut(text: string, chain: HandlerChain, layer: Layer, edits: OffsetEdit[]): OffsetEdit[] {
  const e = chain.expression;
  const pre = textWithin(text, layer.call.startIndex, layer.inner.startIndex, edits);
  const post = textWithin(text, layer.inner.endIndex, layer.call.endIndex, edits);
  const without = textWithin(text, e.startIndex, layer.call.startIndex, edits) + textWithin(text, layer.inner.startIndex, layer.inner.endIndex, edits) + textWithin(text, layer.call.endIndex, e.endIndex, edits);
  const outside = edits.filter((x) => x.end <= e.startIndex || x.start >= e.endIndex);
  return [...outside, { start: e.startIndex, end: e.endIndex, text: pre + without + post }];
}
