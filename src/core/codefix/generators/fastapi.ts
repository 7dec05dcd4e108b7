// FastAPI/Starlette: CORSMiddleware's keyword arguments amended in place (`["*"]` with
// allow_credentials=True echoes every origin: it becomes the exact list), moved after
// the middleware that would answer first (the last added runs first), or added after
// the app's other middleware. No dependency: CORSMiddleware ships with Starlette.
import { needsChange, shortfall } from '../allowance';
import { replaceEdit } from '../edits';
import type { FrameworkGenerator, GeneratedFix } from '../plugin';
import { importEdit, type OffsetEdit } from '../python/edit';
import { amendKeywords, missingFrom, upper } from '../python/options';
import { indentAt, lineSpan, pyList, type PyStyle } from '../python/style';
import type { FastApiPlacement } from '../placement/fastapi';
import type { CorsPolicy, PlannedChange, TextEdit } from '../types';

/** Starlette's CORSMiddleware keywords; its default allow_methods is ("GET",) only. */
const STARLETTE_KEYWORDS = { origins: 'allow_origins', methods: 'allow_methods', allowHeaders: 'allow_headers', credentials: 'allow_credentials', defaultMethods: ['GET'] };
/** Starlette checks a preflight's method itself (400 otherwise), safelisted ones included. */
const PREFLIGHTED_SAFELISTED = ['GET', 'HEAD', 'POST'];

function registration(p: FastApiPlacement, policy: CorsPolicy, indent: string, style: PyStyle): string {
  const local = p.corsLocal ?? 'CORSMiddleware';
  const args = [local, `allow_origins=${pyList(policy.origins, style)}`];
  if (policy.credentials) args.push('allow_credentials=True');
  if (policy.methods.length || policy.allowHeaders.length) {
    args.push(`allow_methods=${pyList([...PREFLIGHTED_SAFELISTED, ...missingFrom(PREFLIGHTED_SAFELISTED, policy.methods, upper)], style)}`);
  }
  if (policy.allowHeaders.length) args.push(`allow_headers=${pyList(policy.allowHeaders, style)}`);
  if (policy.exposeHeaders.length) args.push(`expose_headers=${pyList(policy.exposeHeaders, style)}`);
  const one = `${indent}${p.appName}.add_middleware(${args.join(', ')})`;
  if (one.length <= 88) return one;
  return [`${indent}${p.appName}.add_middleware(`, ...args.map((a) => `${indent}${style.indent}${a},`), `${indent})`].join(style.eol);
}

export const fastapiGenerator: FrameworkGenerator<FastApiPlacement> = {
  framework: 'fastapi',
  generate(p, policy): GeneratedFix {
    const { file, style } = p;
    const text = file.text;
    const eol = style.eol;
    const changes: PlannedChange[] = [];
    const where = (n: { startPosition: { row: number } }) => `${file.path}:${n.startPosition.row + 1}`;
    const asText = (edits: OffsetEdit[]): TextEdit[] => edits.map((e) => replaceEdit(file, e.start, e.end, e.text));

    if (p.corsCall) {
      const short = p.allowed ? shortfall(p.allowed, policy) : null;
      const amended = short && needsChange(short) ? amendKeywords(text, p.corsCall, p.root, p.allowed!, policy, STARLETTE_KEYWORDS, style) : { edits: [], what: [] as string[] };
      if ('unfixable' in amended && amended.unfixable) return { changes: [], dependencies: [], unfixable: `${amended.unfixable} (${where(p.corsCall)})` };
      const reg = p.registrations.find((r) => r.isCors);
      if (p.tooLate && reg) {
        // Move the registration, amended, after the middleware that would answer first.
        const span = lineSpan(text, reg.statement.startIndex, reg.statement.endIndex);
        const inside = amended.edits.filter((e) => e.start >= span.start && e.end <= span.end);
        const outside = amended.edits.filter((e) => !inside.includes(e));
        let block = text.slice(span.start, span.end);
        for (const e of [...inside].sort((a, b) => b.start - a.start)) block = block.slice(0, e.start - span.start) + e.text + block.slice(e.end - span.start);
        const target = lineSpan(text, p.tooLate.statement.startIndex, p.tooLate.statement.endIndex).end;
        const gap = p.tooLate.statement.type === 'decorated_definition' ? `${eol}${eol}` : '';
        const edits: OffsetEdit[] = [{ start: span.start, end: span.end, text: '' }, { start: target, end: target, text: gap + block }, ...outside];
        changes.push({
          reason: `Add CORSMiddleware after ${p.tooLate.name} (${where(p.tooLate.statement)}): the middleware added last runs first, so CORS must answer preflights before ${p.tooLate.name} refuses them${amended.what.length ? `, and ${amended.what.join(', ')}` : ''} (${where(reg.statement)})`,
          edits: asText(edits),
        });
      } else if (amended.edits.length) {
        changes.push({ reason: `${amended.what.join(', ').replace(/^./, (c) => c.toUpperCase())} in CORSMiddleware (${where(p.corsCall)})`, edits: asText(amended.edits) });
      }
      return { changes, dependencies: [], moved: Boolean(p.tooLate && reg) };
    }

    // No CORS yet: added after every other middleware (so it runs first), else after the app.
    const last = p.registrations[p.registrations.length - 1]?.statement ?? p.appStatement;
    const indent = indentAt(text, p.appStatement.startIndex);
    const at = lineSpan(text, last.startIndex, last.endIndex).end;
    const edits: OffsetEdit[] = [];
    if (!p.corsLocal) {
      const imp = importEdit(text, p.root, p.corsModule, 'CORSMiddleware', style);
      if (imp) edits.push(imp);
    }
    const gap = last.type === 'decorated_definition' ? `${eol}${eol}` : '';
    edits.push({ start: at, end: at, text: `${gap}${registration(p, policy, indent, style)}${eol}` });
    changes.push({
      reason: `Add CORSMiddleware ${p.registrations.length ? `after the app's other middleware (${where(last)}), so it runs first` : `right after the app is created (${where(p.appStatement)})`}, allowing ${policy.origins.join(', ')}${policy.credentials ? ' with credentials' : ''}`,
      edits: asText(edits),
    });
    return { changes, dependencies: [] };
  },
};
