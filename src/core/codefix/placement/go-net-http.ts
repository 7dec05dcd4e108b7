// Go net/http without a CORS library: a middleware function `func f(next http.Handler)
// http.Handler` that sets `Access-Control-*` headers with `w.Header().Set(...)` and wraps
// the served handler (`http.ListenAndServe(addr, f(mux))`). Its allowed origins are a
// string literal, or the keys of a package-level `map[string]bool` it looks the request's
// Origin up in. It must be the outermost wrapper (see go/handler-chain.ts).
import type { FrameworkPlacement, Placement } from '../plugin';
import { findHandlerChain, isHarmless, type HandlerChain, type Layer } from '../go/handler-chain';
import { goStringValue, packageValues } from '../go/literal';
import { argumentsOf, callsTo, goFiles, goTree, wantsGoFile } from '../go/tree';
import { locationOf, named, walk, type Node } from '../tree-sitter';
import type { AllowedCors, SourceFile } from '../types';
import { detectModule } from '../go/router';

export const NET_HTTP_ORIGINS = 'corsAllowedOrigins';
export const NET_HTTP_MIDDLEWARE = 'withCORS';

export interface HeaderSet {
  /** The `w.Header().Set(name, value)` call and its statement. */
  call: Node;
  value: Node;
}

export interface CorsMiddleware {
  file: SourceFile;
  root: Node;
  decl: Node;
  name: string;
  /** Lower-case header name → where it is set. */
  sets: Map<string, HeaderSet>;
  /** The package-level map the Origin is looked up in (its composite literal), when it is one. */
  originMap: Node | null;
  /** The names of the ResponseWriter and the *http.Request in the handler. */
  writer: string;
  request: string;
}

export interface NetHttpPlacement extends Placement {
  chain: HandlerChain;
  middleware: CorsMiddleware | null;
  layer: Layer | null;
  /** A hand-written Access-Control-Allow-Origin that is not in a wrapper of the served handler. */
  foreign: { file: SourceFile; node: Node } | null;
  tooLate: Layer | null;
}

function headerSets(fn: Node): Map<string, HeaderSet> {
  const out = new Map<string, HeaderSet>();
  for (const call of callsTo(fn, (c) => /\.Header\(\)\.(Set|Add)$/.test(c))) {
    const [name, value] = argumentsOf(call);
    const key = name ? goStringValue(name) : null;
    if (key && value && /^access-control-/i.test(key)) out.set(key.toLowerCase(), { call, value });
  }
  return out;
}

function requestName(fn: Node): string {
  let name = 'r';
  walk(fn, (n) => {
    if (n.type === 'parameter_declaration' && n.childForFieldName('type')?.text.replace(/\s/g, '') === '*http.Request') name = n.childForFieldName('name')?.text ?? name;
  });
  return name;
}

/** The package-level map[string]bool the function indexes, when it holds string keys. */
function originMapOf(fn: Node, root: Node): Node | null {
  const vars = packageValues(root);
  let found: Node | null = null;
  walk(fn, (n) => {
    if (found || n.type !== 'index_expression') return;
    const v = vars.get(n.childForFieldName('operand')?.text ?? '');
    if (v?.type === 'composite_literal' && v.childForFieldName('type')?.text.replace(/\s/g, '') === 'map[string]bool') found = v;
  });
  return found;
}

function middlewareOf(file: SourceFile, root: Node, decl: Node): CorsMiddleware | null {
  const sets = headerSets(decl);
  const acao = sets.get('access-control-allow-origin');
  if (!acao) return null;
  return {
    file, root, decl, name: decl.childForFieldName('name')?.text ?? '', sets,
    originMap: goStringValue(acao.value) === null ? originMapOf(decl, root) : null,
    writer: acao.call.childForFieldName('function')!.text.replace(/\.Header\(\)\.(Set|Add)$/, ''),
    request: requestName(decl),
  };
}

export function split(s: string | null): string[] {
  return (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);
}

export function middlewareAllows(m: CorsMiddleware): AllowedCors {
  const str = (name: string) => {
    const v = m.sets.get(name)?.value;
    return v ? goStringValue(v) : null;
  };
  const acao = str('access-control-allow-origin');
  let origins: AllowedCors['origins'];
  if (acao !== null) origins = acao === '*' ? 'any' : [acao];
  else if (m.originMap) {
    const keys = named(m.originMap.childForFieldName('body')).filter((e) => e.type === 'keyed_element');
    const values = keys.map((k) => goStringValue(k.childForFieldName('key')?.firstNamedChild ?? k));
    origins = values.every((v): v is string => v !== null) ? values : 'computed';
  } else origins = 'reflect';
  const headers = split(str('access-control-allow-headers'));
  const age = str('access-control-max-age');
  return {
    origins,
    methods: split(str('access-control-allow-methods')).map((x) => x.toUpperCase()),
    allowHeaders: headers.includes('*') ? 'any' : headers.map((x) => x.toLowerCase()),
    exposeHeaders: split(str('access-control-expose-headers')).map((x) => x.toLowerCase()),
    credentials: str('access-control-allow-credentials') === 'true',
    maxAgeSeconds: age && /^\d+$/.test(age) ? Number(age) : null,
    privateNetwork: str('access-control-allow-private-network') === 'true',
  };
}

export const netHttpPlacement: FrameworkPlacement<NetHttpPlacement> = {
  framework: 'go-net-http',
  language: 'go',
  wantsFile: wantsGoFile,
  detect: (project) => (detectModule(project, 'net/http') ? 5 : 0),
  locate(project) {
    if (!project.grammars.go) return { unfixable: 'the Go grammar was not loaded, so the Go code cannot be read' };
    const chain = findHandlerChain(project);
    if (typeof chain === 'string') return { unfixable: chain };
    const wrappers = new Map(chain.layers.map((l) => [l.name, l]));
    let middleware: CorsMiddleware | null = null;
    let layer: Layer | null = null;
    let foreign: NetHttpPlacement['foreign'] = null;
    for (const f of goFiles(project)) {
      const tree = goTree(project, f.path);
      if (!tree) continue;
      for (const decl of named(tree.rootNode).filter((n) => n.type === 'function_declaration')) {
        const m = middlewareOf(f, tree.rootNode, decl);
        if (!m) continue;
        if (wrappers.has(m.name) && !middleware) {
          middleware = m;
          layer = wrappers.get(m.name)!;
        } else if (!foreign) foreign = { file: f, node: m.sets.get('access-control-allow-origin')!.call };
      }
    }
    const outer = layer ? chain.layers.slice(0, chain.layers.indexOf(layer)) : [];
    const acao = middleware?.sets.get('access-control-allow-origin');
    return {
      framework: 'go-net-http',
      app: locationOf(chain.file, chain.statement),
      cors: middleware && acao ? locationOf(middleware.file, acao.call) : null,
      allowed: middleware ? middlewareAllows(middleware) : null,
      route: null,
      chain,
      middleware,
      layer,
      foreign,
      tooLate: outer.find((l) => !isHarmless(l)) ?? null,
    };
  },
};
