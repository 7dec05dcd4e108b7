// Rack: the `config.ru` a Rack server (puma, rackup) loads: `use` lines build the
// middleware stack, in order, and `run` names the app. CORS is rack-cors's
// `use Rack::Cors do … end`. A middleware mounted above it (a session check) sees
// preflights first, and preflights carry no cookies: rack-cors's README asks for it at
// the top of the stack.
import type { FrameworkPlacement, Placement } from '../plugin';
import type { Project } from '../project';
import type { SourceFile } from '../types';
import { locationOf, named, type Node } from '../tree-sitter';
import { corsArgument, rackCorsAllowed, readRackCors, type RackCorsConfig } from '../ruby/rack-cors';
import { detectRubyStyle, type RubyStyle } from '../ruby/style';
import { argsOf, gemfileDeclares, methodOf, rubyFiles, rubyTree, wantsRubyFile } from '../ruby/tree';

export interface RackPlacement extends Placement {
  file: SourceFile;
  root: Node;
  style: RubyStyle;
  cors: RackPlacement['app'];
  config: RackCorsConfig | null;
  /** The first `use` above `use Rack::Cors` (CORS must move above it). */
  tooLate: Node | null;
  /** Where a new `use Rack::Cors` goes: above the first `use`, else above `run`. */
  firstUse: Node | null;
  run: Node | null;
  /** The last top-level require (a new `require 'rack/cors'` goes after it), and whether rack/cors is required. */
  lastRequire: Node | null;
  requiresRackCors: boolean;
}

export function isRails(project: Project): boolean {
  return gemfileDeclares(project, 'rails') || Boolean(project.file('config/application.rb'));
}

function configRu(project: Project): SourceFile | null {
  return rubyFiles(project).filter((f) => f.path === 'config.ru' || f.path.endsWith('/config.ru')).sort((a, b) => a.path.split('/').length - b.path.split('/').length)[0] ?? null;
}

export const rackPlacement: FrameworkPlacement<RackPlacement> = {
  framework: 'rack',
  language: 'ruby',
  wantsFile: wantsRubyFile,
  detect(project) {
    if (!configRu(project) || isRails(project)) return 0;
    return gemfileDeclares(project, 'rack-cors') ? 10 : 5;
  },
  locate(project) {
    if (!project.grammars.ruby) return { unfixable: 'the Ruby grammar was not loaded, so config.ru cannot be read' };
    const file = configRu(project);
    const tree = file ? rubyTree(project, file.path) : null;
    if (!file || !tree) return { unfixable: 'no config.ru found' };
    const root = tree.rootNode;
    const top = named(root).filter((n) => n.type === 'call' || n.type === 'identifier');
    const uses = top.filter((n) => methodOf(n) === 'use');
    const corsCall = uses.find((n) => corsArgument(n)) ?? null;
    const config = corsCall ? readRackCors(corsCall) : null;
    const above = corsCall ? uses.slice(0, uses.indexOf(corsCall)) : [];
    const requires = top.filter((n) => methodOf(n) === 'require' || methodOf(n) === 'require_relative');
    const run = top.find((n) => methodOf(n) === 'run') ?? null;
    return {
      framework: 'rack',
      app: run ? locationOf(file, run) : null,
      cors: corsCall ? locationOf(file, corsCall) : null,
      allowed: config ? rackCorsAllowed(config) : null,
      route: null,
      file,
      root,
      style: detectRubyStyle(file.text, root),
      config,
      tooLate: above[0] ?? null,
      firstUse: uses[0] ?? null,
      run,
      lastRequire: requires[requires.length - 1] ?? null,
      requiresRackCors: requires.some((r) => argsOf(r)[0]?.text.slice(1, -1) === 'rack/cors'),
    };
  },
};
