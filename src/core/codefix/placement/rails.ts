// Rails: rack-cors mounted from an initializer (`config/initializers/cors.rb`) or
// config/application.rb with `config.middleware.insert_before 0, Rack::Cors do … end`.
// Mounted anywhere else (`config.middleware.use Rack::Cors`, `insert_after` a session
// middleware), the middleware above it sees preflights first: rack-cors's README asks for
// `insert_before 0`.
import type { FrameworkPlacement, Placement } from '../plugin';
import type { Project } from '../project';
import type { SourceFile } from '../types';
import { locationOf, type Node } from '../tree-sitter';
import { corsArgument, isRackCors, rackCorsAllowed, readRackCors, type RackCorsConfig } from '../ruby/rack-cors';
import { detectRubyStyle, type RubyStyle } from '../ruby/style';
import { callsWithArg, gemfileDeclares, rubyFiles, rubyTree, wantsRubyFile } from '../ruby/tree';
import { isRails } from './rack';

export const RAILS_INITIALIZER = 'config/initializers/cors.rb';

export interface RailsPlacement extends Placement {
  /** The file that mounts rack-cors (or the initializer to create), and its style. */
  file: SourceFile;
  style: RubyStyle;
  config: RackCorsConfig | null;
  /** Mounted other than first in the stack: the method and arguments to replace. */
  misplaced: { from: Node; to: Node; parenthesized: boolean } | null;
}

function candidates(project: Project): SourceFile[] {
  return rubyFiles(project).filter((f) => /(^|\/)config\/(initializers\/[^/]+\.rb|application\.rb|environments\/[^/]+\.rb)$/.test(f.path));
}

export const railsPlacement: FrameworkPlacement<RailsPlacement> = {
  framework: 'rails',
  language: 'ruby',
  wantsFile: wantsRubyFile,
  detect: (project) => (gemfileDeclares(project, 'rails') ? 10 : isRails(project) ? 5 : 0),
  locate(project) {
    if (!project.grammars.ruby) return { unfixable: 'the Ruby grammar was not loaded, so the Rails configuration cannot be read' };
    for (const f of candidates(project)) {
      const tree = rubyTree(project, f.path);
      const call = tree ? callsWithArg(tree.rootNode, isRackCors)[0] : undefined;
      if (!tree || !call) continue;
      const config = readRackCors(call);
      const arg = corsArgument(call)!;
      const method = call.childForFieldName('method')!;
      const first = method.text === 'insert_before' && arg.before.length === 1 && arg.before[0].text === '0';
      const argsNode = call.childForFieldName('arguments')!;
      return {
        framework: 'rails',
        app: locationOf(f, call),
        cors: locationOf(f, call),
        allowed: rackCorsAllowed(config),
        route: null,
        file: f,
        style: detectRubyStyle(f.text, tree.rootNode),
        config,
        misplaced: first ? null : { from: method, to: arg.constant, parenthesized: argsNode.text.startsWith('(') },
      };
    }
    // No rack-cors yet: the initializer Rails' README names, in the style of the app's config.
    const app = project.file('config/application.rb');
    const tree = app ? rubyTree(project, app.path) : null;
    const file = project.file(RAILS_INITIALIZER) ?? { path: RAILS_INITIALIZER, text: '' };
    return {
      framework: 'rails',
      app: app ? { file: app.path, line: 0, character: 0 } : null,
      cors: null,
      allowed: null,
      route: null,
      file,
      style: detectRubyStyle(app?.text ?? '', tree?.rootNode ?? null),
      config: null,
      misplaced: null,
    };
  },
};
