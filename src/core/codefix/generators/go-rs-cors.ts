// rs/cors: cors.Options{...} amended in place (`*` becomes the exact list when
// credentials are needed: rs/cors 1.7 sends `*` even then), its wrapper moved outermost
// when a session check wraps it, or `c := cors.New(cors.Options{...})` added before the
// server starts with the served handler wrapped as `c.Handler(...)`.
import { needsChange, shortfall } from '../allowance';
import { replaceEdit } from '../edits';
import type { FrameworkGenerator, GeneratedFix } from '../plugin';
import { goImportEdits, mergeInsertions, type OffsetEdit } from '../go/edit';
import { moveLayerOut } from '../go/handler-chain';
import { addGoRequire } from '../go/manifest';
import { amendOptions, newOptionsLiteral, RS_CORS } from '../go/options';
import { indentAt, lineStart } from '../go/style';
import { walk } from '../tree-sitter';
import type { RsCorsPlacement } from '../placement/go-rs-cors';
import type { PlannedChange, TextEdit } from '../types';

const VERSION = 'v1.7.0';

export const rsCorsGenerator: FrameworkGenerator<RsCorsPlacement> = {
  framework: 'go-rs-cors',
  generate(p, policy, project): GeneratedFix {
    const { chain } = p;
    const { file, style } = chain;
    const text = file.text;
    const where = (n: { startPosition: { row: number } }) => `${file.path}:${n.startPosition.row + 1}`;
    const asText = (edits: OffsetEdit[]): TextEdit[] => mergeInsertions(edits).map((e) => replaceEdit(file, e.start, e.end, e.text));
    const changes: PlannedChange[] = [];

    if (p.layer && p.newCall) {
      if (!p.literal) return { changes: [], dependencies: [], unfixable: `${p.newCall.text} (${where(p.newCall)}) has no options to amend; write them as cors.New(cors.Options{...})` };
      const short = shortfall(p.allowed!, policy);
      const amended = needsChange(short) ? amendOptions(text, p.literal, chain.root, p.allowed!, policy, RS_CORS, style) : { edits: [] as OffsetEdit[], what: [] as string[] };
      if ('unfixable' in amended && amended.unfixable) return { changes: [], dependencies: [], unfixable: `${amended.unfixable} (${where(p.literal)})` };
      const what = amended.what.join(', ');
      if (p.tooLate) {
        changes.push({
          reason: `Wrap the handler in rs/cors outside ${p.tooLate.name} (${where(p.tooLate.call)}), which answers first: preflights carry no cookies${what ? `, and ${what}` : ''}`,
          edits: asText(moveLayerOut(text, chain, p.layer, amended.edits)),
        });
      } else if (amended.edits.length) {
        changes.push({ reason: `${what.replace(/^./, (c) => c.toUpperCase())} in cors.Options{...} (${where(p.literal)})`, edits: asText(amended.edits) });
      }
      return { changes, dependencies: [], moved: Boolean(p.tooLate) };
    }

    // No CORS yet: the options before the statement that serves, the handler wrapped outermost.
    const pkg = p.corsPkg ?? 'cors';
    let fn = chain.statement.parent;
    while (fn && fn.type !== 'function_declaration' && fn.type !== 'func_literal') fn = fn.parent;
    let taken = false;
    if (fn) walk(fn, (n) => void (n.type === 'identifier' && n.text === 'c' && (taken = true)));
    const name = taken ? 'corsHandler' : 'c';
    const indent = indentAt(text, chain.statement.startIndex);
    const at = lineStart(text, chain.statement.startIndex);
    const served = chain.expression.type === 'nil' ? `${chain.http}.DefaultServeMux` : chain.expression.text;
    const edits: OffsetEdit[] = [
      ...goImportEdits(text, chain.root, [RS_CORS.library], style),
      { start: at, end: at, text: `${indent}${name} := ${pkg}.New(${newOptionsLiteral(pkg, policy, RS_CORS, indent, style)})${style.eol}` },
      { start: chain.expression.startIndex, end: chain.expression.endIndex, text: `${name}.Handler(${served})` },
    ];
    const req = addGoRequire(project, RS_CORS.library, VERSION);
    changes.push({
      reason: `Wrap the served handler in rs/cors (${where(chain.expression)}), allowing ${policy.origins.join(', ')}${policy.credentials ? ' with credentials' : ''}${req.dependency ? ` (${RS_CORS.library} ${VERSION} added to ${req.dependency.manifest ?? 'the project'}: run ${req.dependency.installCommand})` : ''}`,
      edits: asText(edits),
    });
    if (req.edits.length) changes.push({ reason: `Require ${RS_CORS.library} ${VERSION} in ${req.dependency?.manifest}`, edits: req.edits });
    return { changes, dependencies: req.dependency ? [req.dependency] : [] };
  },
};
