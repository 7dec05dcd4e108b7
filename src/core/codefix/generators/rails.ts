// Rails: the rack-cors block amended in place (ruby/rack-cors.ts) and mounted with
// `insert_before 0` when it was mounted later in the stack; without rack-cors, the
// initializer config/initializers/cors.rb (and rack-cors in the Gemfile when it lacks it).
import { needsChange, shortfall } from '../allowance';
import { replaceEdit } from '../edits';
import type { FrameworkGenerator, GeneratedFix } from '../plugin';
import { capitalize } from '../js/reason-text';
import { gemEdit } from '../ruby/gemfile';
import { amendRackCors, rackCorsBlock } from '../ruby/rack-cors';
import type { RailsPlacement } from '../placement/rails';
import type { OffsetEdit } from '../python/edit';
import type { PlannedChange } from '../types';

export const RAILS_CORS_COMMENT = '# CORS for the allowed origins only. Inserted first in the middleware stack, so it answers preflights before anything can refuse them.';

export const railsGenerator: FrameworkGenerator<RailsPlacement> = {
  framework: 'rails',
  generate(p, policy, project): GeneratedFix {
    const { file, style } = p;
    const text = file.text;
    const asText = (edits: OffsetEdit[]) => edits.map((e) => replaceEdit(file, e.start, e.end, e.text));
    if (p.config) {
      const where = `${file.path}:${p.config.call.startPosition.row + 1}`;
      const edits: OffsetEdit[] = [];
      const what: string[] = [];
      if (p.allowed && needsChange(shortfall(p.allowed, policy))) {
        const amended = amendRackCors(text, p.config, p.allowed, policy, style);
        if (amended.unfixable) return { changes: [], dependencies: [], unfixable: `${amended.unfixable} (${where})` };
        edits.push(...amended.edits);
        what.push(...amended.what);
      }
      if (p.misplaced) {
        const { from, to, parenthesized } = p.misplaced;
        edits.push({ start: from.startIndex, end: to.endIndex, text: `${parenthesized ? 'insert_before(0, ' : 'insert_before 0, '}${to.text}` });
        what.unshift(`mount Rack::Cors with insert_before 0 instead of ${from.text} (the middleware above it sees preflights first, and they carry no cookies)`);
      }
      if (!edits.length) return { changes: [], dependencies: [] };
      return { changes: [{ reason: `${capitalize(what.join(', '))} (${where})`, edits: asText(edits) }], dependencies: [], moved: Boolean(p.misplaced) };
    }
    const lines = [RAILS_CORS_COMMENT, ...rackCorsBlock('Rails.application.config.middleware.insert_before 0, Rack::Cors', policy, style)];
    const at = text.length;
    const lead = text && !text.endsWith('\n') ? style.eol + style.eol : text ? style.eol : '';
    const changes: PlannedChange[] = [{
      reason: `${text ? 'Add to' : 'Create'} ${file.path}: rack-cors inserted first in the middleware stack, allowing ${policy.origins.join(', ')}${policy.credentials ? ' with credentials' : ''}`,
      edits: [replaceEdit(file, at, at, lead + lines.join(style.eol) + style.eol)],
    }];
    const gem = gemEdit(project, 'rack-cors');
    if (gem) changes.push({ reason: 'Add rack-cors to the Gemfile', edits: [replaceEdit(project.file('Gemfile')!, gem.edit.start, gem.edit.end, gem.edit.text)] });
    return { changes, dependencies: gem ? [gem.dependency] : [] };
  },
};
