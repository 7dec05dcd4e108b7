// Go net/http with rs/cors: `c := cors.New(cors.Options{...})` and the served handler
// wrapped as `c.Handler(mux)` (or `cors.New(...).Handler(mux)` inline). rs/cors must be
// the outermost wrapper: inside a session check, the preflight is refused before it.
import type { FrameworkPlacement, Placement } from '../plugin';
import { findHandlerChain, isHarmless, type HandlerChain, type Layer } from '../go/handler-chain';
import { readOptions, RS_CORS } from '../go/options';
import { detectModule } from '../go/router';
import { calleeText, declarationsOf, localPackage, wantsGoFile } from '../go/tree';
import { locationOf, type Node } from '../tree-sitter';

export interface RsCorsPlacement extends Placement {
  chain: HandlerChain;
  corsPkg: string | null;
  /** The rs/cors wrapper, the cors.New call that makes it, and its options literal. */
  layer: Layer | null;
  newCall: Node | null;
  literal: Node | null;
  /** The outermost wrapper outside CORS that may answer first. */
  tooLate: Layer | null;
}

const CONSTRUCTORS = ['New', 'Default', 'AllowAll'];

/** The cors.New(...) call a `x.Handler` wrapper uses, when it is one. */
function corsCallOf(layer: Layer, root: Node, pkg: string): Node | null {
  const fn = layer.call.childForFieldName('function');
  if (fn?.type !== 'selector_expression' || fn.childForFieldName('field')?.text !== 'Handler') return null;
  const operand = fn.childForFieldName('operand')!;
  const isCors = (n: Node) => n.type === 'call_expression' && CONSTRUCTORS.some((c) => calleeText(n) === `${pkg}.${c}`);
  if (isCors(operand)) return operand;
  if (operand.type === 'identifier') return declarationsOf(root, isCors).filter((d) => d.name === operand.text).pop()?.value ?? null;
  return null;
}

export const rsCorsPlacement: FrameworkPlacement<RsCorsPlacement> = {
  framework: 'go-rs-cors',
  language: 'go',
  wantsFile: wantsGoFile,
  detect: (project) => detectModule(project, RS_CORS.library),
  locate(project) {
    if (!project.grammars.go) return { unfixable: 'the Go grammar was not loaded, so the Go code cannot be read' };
    const chain = findHandlerChain(project);
    if (typeof chain === 'string') return { unfixable: chain };
    const corsPkg = localPackage(chain.root, RS_CORS.library);
    let layer: Layer | null = null;
    let newCall: Node | null = null;
    for (const l of chain.layers) {
      const call = corsPkg ? corsCallOf(l, chain.root, corsPkg) : null;
      if (call) {
        layer = l;
        newCall = call;
        break;
      }
    }
    const literal = newCall && calleeText(newCall) === `${corsPkg}.New` ? newCall.childForFieldName('arguments')?.namedChildren.find((a) => a?.type === 'composite_literal') ?? null : null;
    const outer = layer ? chain.layers.slice(0, chain.layers.indexOf(layer)) : [];
    const defaults = { origins: 'any' as const, methods: RS_CORS.defaultMethods, allowHeaders: RS_CORS.defaultHeaders, exposeHeaders: [], credentials: false, maxAgeSeconds: null, privateNetwork: false };
    return {
      framework: 'go-rs-cors',
      app: locationOf(chain.file, chain.statement),
      cors: newCall ? locationOf(chain.file, newCall) : null,
      allowed: literal ? readOptions(literal, chain.root, RS_CORS) : newCall ? defaults : null,
      route: null,
      chain,
      corsPkg,
      layer,
      newCall,
      literal,
      tooLate: outer.find((l) => !isHarmless(l)) ?? null,
    };
  },
};
