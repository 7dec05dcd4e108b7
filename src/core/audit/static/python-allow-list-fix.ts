// The allow-list quick fix of a Python finding. Middleware settings are rewritten by the
// framework's own quick-fix generator (Flask-CORS, CORSMiddleware, django-cors-headers),
// after the flawed patterns are dropped, so the result reads like the fixes `cors-inspector
// fix` writes; a hand-written header gets an `if origin in [...]` around it. The result is
// one edit of the span that changed, analyzed again before it is offered.
import { applyOffsetEdits, type OffsetEdit } from '../../codefix/js/object-edit';
import { applyEdits, offsetAt, rangeOf } from '../../codefix/edits';
import { isNoPlacement } from '../../codefix/plugin';
import { Project } from '../../codefix/project';
import { importEdit } from '../../codefix/python/edit';
import { detectPyStyle, indentAt, pyList, pyString, type PyStyle } from '../../codefix/python/style';
import { pluginById } from '../../codefix/registry';
import type { CorsPolicy, LoadedGrammar, SourceFile, TextEdit } from '../../codefix/types';
import type { Tree } from '@vscode/tree-sitter-wasm';
import { analyzePython } from './python-cors-code';
import type { PythonFramework, Repair, StaticFinding } from './types';

type PythonRepair = Extract<Repair, { kind: 'framework-allow-list' | 'py-guard-statement' | 'py-replace-check' }>;

export function isPythonRepair(r: Repair): r is PythonRepair {
  return r.kind === 'framework-allow-list' || r.kind === 'py-guard-statement' || r.kind === 'py-replace-check';
}

/** The policy the generator implements: only the origins change (methods and headers stay as the code has them). */
function originsOnly(origins: string[], credentials: boolean): CorsPolicy {
  return { origins, methods: [], allowHeaders: [], exposeHeaders: [], credentials, maxAgeSeconds: 600, privateNetwork: false, varyOrigin: true };
}

/** The text after the framework's generator wrote the allow-list, or why it cannot. */
function throughGenerator(file: SourceFile, framework: PythonFramework, neutralize: OffsetEdit[], origins: string[], credentials: boolean, grammar: LoadedGrammar): string | { refused: string } {
  const plugin = pluginById(framework)!;
  const text = applyOffsetEdits(file.text, 0, neutralize);
  const project = new Project([{ path: file.path, text }], { python: grammar });
  const placement = plugin.placement.locate(project, null);
  if (isNoPlacement(placement)) return { refused: placement.unfixable };
  const generated = plugin.generator.generate(placement, originsOnly(origins, credentials), project);
  if (generated.unfixable) return { refused: generated.unfixable };
  const edits: TextEdit[] = generated.changes.flatMap((c) => c.edits);
  if (edits.some((e) => e.file !== file.path)) return { refused: `the fix would also change ${edits.find((e) => e.file !== file.path)!.file}: run the CORS quick fix instead` };
  return applyEdits(text, edits);
}

/** The statement that adds Vary: Origin to `response` in the framework's idiom, and the import it needs. */
function varyLine(framework: PythonFramework, response: string, style: PyStyle): { line: string; module?: string; name?: string } {
  const origin = pyString('Origin', style);
  if (framework === 'flask') return { line: `${response}.vary.add(${origin})` };
  if (framework === 'fastapi') return { line: `${response}.headers.add_vary_header(${origin})` };
  return { line: `patch_vary_headers(${response}, [${origin}])`, module: 'django.utils.cache', name: 'patch_vary_headers' };
}

function guarded(file: SourceFile, repair: Extract<PythonRepair, { kind: 'py-guard-statement' }>, list: string, style: PyStyle, root: Tree['rootNode']): string {
  const text = file.text;
  const indent = indentAt(text, repair.start);
  // Inside the check the header is the checked origin itself (a fallback such as "*" can never apply).
  const statement = text.slice(repair.start, repair.value.start) + repair.originText + text.slice(repair.value.end, repair.end);
  const lines: string[] = [];
  const edits: OffsetEdit[] = [];
  if (repair.vary) {
    const vary = varyLine(repair.vary.framework, repair.vary.response, style);
    lines.push(vary.line);
    const imp = vary.module ? importEdit(text, root, vary.module, vary.name!, style) : null;
    if (imp) edits.push(imp);
  }
  lines.push(`if ${repair.originText} in ${list}:`);
  edits.push({ start: repair.start, end: repair.end, text: `${lines.join(style.eol + indent)}${style.eol}${indent}${style.indent}${statement}` });
  return applyOffsetEdits(text, 0, edits);
}

/** One edit replacing the span where `before` and `after` differ. */
function spanEdit(path: string, before: string, after: string): { edit: TextEdit; start: number; end: number } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let tail = 0;
  while (tail < before.length - start && tail < after.length - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { edit: { file: path, range: rangeOf(before, start, before.length - tail), newText: after.slice(start, after.length - tail) }, start, end: after.length - tail };
}

export function planPythonRewrite(file: SourceFile, finding: StaticFinding, repair: PythonRepair, origins: string[], grammar: LoadedGrammar | undefined): { edits: TextEdit[] } | { refused: string } {
  if (!grammar) return { refused: 'the Python grammar is not loaded' };
  const root = (grammar.parse(file.text) as Tree).rootNode;
  const style = detectPyStyle(file.text, root);
  const list = pyList(origins, style);
  let after: string | { refused: string };
  switch (repair.kind) {
    case 'framework-allow-list':
      after = throughGenerator(file, repair.framework, repair.neutralize, origins, finding.credentials, grammar);
      break;
    case 'py-replace-check':
      after = file.text.slice(0, repair.start) + `${repair.originText} in ${list}` + file.text.slice(repair.end);
      break;
    case 'py-guard-statement':
      after = guarded(file, repair, list, style, root);
      break;
  }
  if (typeof after !== 'string') return after;
  if (after === file.text) return { refused: 'the code already allows only these origins' };

  // The finding must be gone, nothing flagged where the code changed, and no new high finding.
  const span = spanEdit(file.path, file.text, after);
  const was = analyzePython(file, grammar).findings;
  const now = analyzePython({ path: file.path, text: after }, grammar).findings;
  const text = after;
  const inSpan = now.find((f) => offsetAt(text, f.range.start) < span.end && offsetAt(text, f.range.end) > span.start);
  if (inSpan) return { refused: `the rewritten code would still be flagged: ${inSpan.title}` };
  if (now.filter((f) => f.id === finding.id).length >= was.filter((f) => f.id === finding.id).length) return { refused: 'the rewrite would not remove the finding' };
  const high = (fs: StaticFinding[]) => fs.filter((f) => f.severity === 'high').length;
  if (high(now) > high(was) - (finding.severity === 'high' ? 1 : 0)) return { refused: 'the rewritten code would be flagged elsewhere' };
  return { edits: [span.edit] };
}
