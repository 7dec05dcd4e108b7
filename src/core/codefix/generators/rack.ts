// Rack: rack-cors's block in config.ru amended in place (ruby/rack-cors.ts) and moved
// above the first `use` when a middleware there sees preflights first; without it, a
// `use Rack::Cors` block above the first middleware (rack-cors added to the Gemfile when
// the project has one that lacks it).
import { needsChange, shortfall } from '../allowance';
import { replaceEdit } from '../edits';
import type { FrameworkGenerator, GeneratedFix } from '../plugin';
import { capitalize } from '../js/reason-text';
import { type OffsetEdit } from '../python/edit';
import { mergeInsertions } from '../js/object-edit';
import { lineSpan } from '../text-lines';
import { gemEdit } from '../ruby/gemfile';
import { moveAbove } from '../move';
import { amendRackCors, rackCorsBlock } from '../ruby/rack-cors';
import { rubyString } from '../ruby/style';
import type { RackPlacement } from '../placement/rack';
import type { PlannedChange } from '../types';
import type { Node } from '../tree-sitter';

export const RACK_CORS_COMMENT = '# CORS for the allowed origins only, first in the stack: it answers preflights before anything can refuse them.';

export const rackGenerator: FrameworkGenerator<RackPlacement> = {
  framework: 'rack',
  generate(p, policy, project): GeneratedFix {
    const { file, style } = p;
    const text = file.text;
    const where = (n: Node) => `${file.path}:${n.startPosition.row + 1}`;
    const asText = (edits: OffsetEdit[]) => edits.map((e) => replaceEdit(file, e.start, e.end, e.text));
    if (p.config) {
      const short = p.allowed ? shortfall(p.allowed, policy) : null;
      const amended = short && needsChange(short) ? amendRackCors(text, p.config, p.allowed!, policy, style) : { edits: [], what: [] as string[] };
      if ('unfixable' in amended && amended.unfixable) return { changes: [], dependencies: [], unfixable: `${amended.unfixable} (${where(p.config.call)})` };
      if (!amended.edits.length && !p.tooLate) return { changes: [], dependencies: [] };
      const what = amended.what.length ? `${capitalize(amended.what.join(', '))} in use Rack::Cors (${where(p.config.call)})` : '';
      if (p.tooLate) {
        const moveReason = `Move use Rack::Cors (${where(p.config.call)}) above ${p.tooLate.text.split('\n')[0]} (${where(p.tooLate)}), which sees preflights first and they carry no cookies`;
        return { changes: [{ reason: what ? `${moveReason}; ${what.replace(/^./, (c) => c.toLowerCase())}` : moveReason, edits: asText(moveAbove(text, p.config.call, p.tooLate, amended.edits, style.eol)) }], dependencies: [], moved: true };
      }
      return { changes: [{ reason: what, edits: asText(amended.edits) }], dependencies: [] };
    }
    // No CORS yet: rack-cors above the first middleware (or the app).
    const target = p.firstUse ?? p.run;
    if (!target) return { changes: [], dependencies: [], unfixable: `${file.path} has no \`use\` or \`run\` line to put rack-cors before` };
    const edits: OffsetEdit[] = [];
    if (!p.requiresRackCors) {
      const req = `require ${rubyString('rack/cors', style)}${style.eol}`;
      if (p.lastRequire) {
        const at = lineSpan(text, p.lastRequire.startIndex, p.lastRequire.endIndex).end;
        edits.push({ start: at, end: at, text: req });
      } else edits.push({ start: 0, end: 0, text: req + style.eol });
    }
    const at = lineSpan(text, target.startIndex, target.startIndex).start;
    edits.push({ start: at, end: at, text: [RACK_CORS_COMMENT, ...rackCorsBlock('use Rack::Cors', policy, style)].join(style.eol) + style.eol + style.eol });
    const changes: PlannedChange[] = [{
      reason: `Add use Rack::Cors above ${target.text.split('\n')[0]} (${where(target)}), allowing ${policy.origins.join(', ')}${policy.credentials ? ' with credentials' : ''}`,
      edits: asText(mergeInsertions(edits)),
    }];
    const gem = gemEdit(project, 'rack-cors');
    if (gem) changes.push({ reason: 'Add rack-cors to the Gemfile', edits: [replaceEdit(project.file('Gemfile')!, gem.edit.start, gem.edit.end, gem.edit.text)] });
    return { changes, dependencies: gem ? [gem.dependency] : [] };
  },
};
