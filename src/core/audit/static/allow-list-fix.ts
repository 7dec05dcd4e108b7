// The quick fix of a static finding: rewrite the origin check into an exact
// allow-list of the app's real origins. The allow-list is audited, and the
// edited file analyzed again, before the fix is offered.
import { applyEdits, offsetAt, rangeOf } from '../../codefix/edits';
import { parseJs } from '../../codefix/js/parse';
import { detectStyle, quoted } from '../../codefix/js/style';
import { originProblem } from '../../codefix/policy-rules';
import type { Grammars, SourceFile, TextEdit } from '../../codefix/types';
import { blockingFindings } from '../policy-audit';
import { dialectOf, jsStaticFindings } from './js-cors-code';
import { isPythonRepair, planPythonRewrite } from './python-allow-list-fix';
import { analyzeNginx, nginxAllowListEdits } from './nginx-cors-code';
import type { StaticFinding } from './types';

export type AllowListFix = { title: string; origins: string[]; edits: TextEdit[] } | { refused: string };

function indentOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** `grammars`: those the finding's language needs (Python's tree-sitter grammar; none for JS). */
export function planAllowListFix(file: SourceFile, finding: StaticFinding, wanted: string[], grammars: Grammars = {}): AllowListFix {
  const repair = finding.repair;
  if (!repair) return { refused: 'this code cannot be rewritten safely; change it by hand' };
  const origins = [...new Set(wanted.map((o) => o.trim().replace(/\/$/, '')))].sort();
  if (origins.length === 0) return { refused: 'no origin to allow: give the front end\'s real origin' };
  for (const o of origins) {
    const problem = originProblem(o, finding.credentials);
    if (problem) return { refused: problem.message };
  }
  const blocking = blockingFindings({ origins, credentials: finding.credentials, methods: [], allowHeaders: [], varyOrigin: true, privateNetwork: false });
  if (blocking.length) return { refused: `the allow-list would still be dangerous: ${blocking[0].title}` };
  const title = `Allow only ${origins.join(', ')}${finding.credentials ? ' (with credentials)' : ''}`;
  if (isPythonRepair(repair)) {
    const rewrite = planPythonRewrite(file, finding, repair, origins, grammars.python);
    return 'refused' in rewrite ? rewrite : { title, origins, edits: rewrite.edits };
  }

  if (repair.kind === 'nginx-allow-list') return nginxAllowList(file, finding, origins, title);

  const ast = parseJs(file.path, file.text);
  if (!ast) return { refused: 'the file does not parse' };
  const style = detectStyle(file.path, file.text, ast);
  const list = `[${origins.map((o) => quoted(o, style)).join(', ')}]`;
  let newText: string;
  switch (repair.kind) {
    case 'origin-option': {
      const dialect = dialectOf(repair.module);
      const value = dialect.originList || !dialect.originFunction ? list : dialect.originFunction(list, style);
      newText = repair.insert ? ` origin: ${value},` : repair.property ? `origin: ${value}` : value;
      break;
    }
    case 'replace-check':
      newText = `${list}.includes(${repair.originText})`;
      break;
    case 'guard-statement': {
      // Inside the check the header is the checked origin itself (a `|| '*'` fallback can never apply).
      const statement = file.text.slice(repair.start, repair.value.start) + repair.originText + file.text.slice(repair.value.end, repair.end);
      const vary = repair.varyCall ? `${style.eol}${indentOf(file.text, repair.start)}${repair.varyCall}${style.semi ? ';' : ''}` : '';
      newText = `if (${list}.includes(${repair.originText})) ${statement}${vary}`;
      break;
    }
  }
  const edits: TextEdit[] = [{ file: file.path, range: rangeOf(file.text, repair.start, repair.end), newText }];

  // The edited code must show nothing where it was rewritten, and no new high finding elsewhere.
  const after = { path: file.path, text: file.text.slice(0, repair.start) + newText + file.text.slice(repair.end) };
  const spanEnd = repair.start + newText.length;
  const found = jsStaticFindings(after);
  const inSpan = found.find((f) => {
    const start = offsetAt(after.text, f.range.start);
    return start < spanEnd && offsetAt(after.text, f.range.end) > repair.start;
  });
  if (inSpan) return { refused: `the rewritten code would still be flagged: ${inSpan.title}` };
  const highBefore = jsStaticFindings(file).filter((f) => f.severity === 'high').length - (finding.severity === 'high' ? 1 : 0);
  if (found.filter((f) => f.severity === 'high').length > highBefore) return { refused: 'the rewritten code would be flagged elsewhere' };
  return { title, origins, edits };
}

/** nginx: the finding's block (and its location's other blocks) get the allow-list; the edited file must show no reflection left. */
function nginxAllowList(file: SourceFile, finding: StaticFinding, origins: string[], title: string): AllowListFix {
  const repair = finding.repair as Extract<NonNullable<StaticFinding['repair']>, { kind: 'nginx-allow-list' }>;
  const edits = nginxAllowListEdits(file, repair.start, origins, finding.credentials);
  if ('refused' in edits) return edits;
  const after = { path: file.path, text: applyEdits(file.text, edits) };
  const found = analyzeNginx(after).findings;
  const same = found.find((f) => f.range.start.line === finding.range.start.line);
  if (same) return { refused: `the rewritten configuration would still be flagged: ${same.title}` };
  const highBefore = analyzeNginx(file).findings.filter((f) => f.severity === 'high').length;
  if (found.filter((f) => f.severity === 'high').length > highBefore - (finding.severity === 'high' ? 1 : 0)) return { refused: 'the rewritten configuration would be flagged elsewhere' };
  return { title, origins, edits };
}
