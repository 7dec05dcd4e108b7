// Flask: Flask-CORS's CORS(app, ...) amended in place (a `*` or missing origins become
// the exact list when credentials are needed: Flask-CORS echoes any origin with
// supports_credentials=True alone), or added when the project has flask-cors. Without
// flask-cors, an after_request block with an allow-list (no new dependency). A
// before_request hook that would refuse preflights gets a hook ahead of it that answers them.
import { needsChange, shortfall } from '../allowance';
import { replaceEdit } from '../edits';
import type { FrameworkGenerator, GeneratedFix } from '../plugin';
import { importEdit, replaceNode, type OffsetEdit } from '../python/edit';
import { mergeInsertions } from '../js/object-edit';
import { amendKeywords, missingFrom, upper } from '../python/options';
import { indentAt, lineSpan, pyList, pyString, type PyStyle } from '../python/style';
import { FLASK_AFTER, FLASK_ORIGINS, FLASK_PREFLIGHT, type FlaskPlacement } from '../placement/flask';
import type { CorsPolicy, PlannedChange, TextEdit } from '../types';

function preflightHook(p: FlaskPlacement, indent: string): string[] {
  const q = (s: string) => pyString(s, p.style);
  const i = p.style.indent;
  return [
    `${indent}@${p.appName}.before_request`,
    `${indent}def ${FLASK_PREFLIGHT}():`,
    `${indent}${i}# Preflights carry no cookies: answer them before a login check can refuse them.`,
    `${indent}${i}if request.method == ${q('OPTIONS')} and ${q('Access-Control-Request-Method')} in request.headers:`,
    `${indent}${i}${i}return ${p.appName}.make_default_options_response()`,
  ];
}

function ownBlock(p: FlaskPlacement, policy: CorsPolicy, indent: string): { list: string; hooks: string[] } {
  const q = (s: string) => pyString(s, p.style);
  const i = p.style.indent;
  const set = (level: string, name: string, value: string) => `${indent}${level}response.headers[${q(name)}] = ${value}`;
  const after = [
    `${indent}@${p.appName}.after_request`,
    `${indent}def ${FLASK_AFTER}(response):`,
    `${indent}${i}# CORS for the allowed origins only; the answer depends on Origin, so caches must key on it.`,
    `${indent}${i}response.vary.add(${q('Origin')})`,
    `${indent}${i}origin = request.headers.get(${q('Origin')})`,
    `${indent}${i}if origin in ${FLASK_ORIGINS}:`,
    set(i + i, 'Access-Control-Allow-Origin', 'origin'),
  ];
  if (policy.credentials) after.push(set(i + i, 'Access-Control-Allow-Credentials', q('true')));
  if (policy.exposeHeaders.length) after.push(set(i + i, 'Access-Control-Expose-Headers', q(policy.exposeHeaders.join(', '))));
  after.push(`${indent}${i}${i}if request.method == ${q('OPTIONS')}:`);
  if (policy.methods.length) after.push(set(i + i + i, 'Access-Control-Allow-Methods', q(policy.methods.join(', '))));
  if (policy.allowHeaders.length) after.push(set(i + i + i, 'Access-Control-Allow-Headers', q(policy.allowHeaders.join(', '))));
  if (policy.privateNetwork) after.push(set(i + i + i, 'Access-Control-Allow-Private-Network', q('true')));
  after.push(set(i + i + i, 'Access-Control-Max-Age', q(String(policy.maxAgeSeconds))));
  after.push(`${indent}${i}return response`);
  return { list: `${indent}${FLASK_ORIGINS} = ${pyList(policy.origins, p.style)}`, hooks: [...preflightHook(p, indent), '', '', ...after] };
}

function lines(list: string[], style: PyStyle): string {
  return list.join(style.eol);
}

/** Flask-CORS's keyword arguments (flask_cors/core.py). */
const FLASK_CORS_KEYWORDS = {
  origins: 'origins', methods: 'methods', allowHeaders: 'allow_headers', credentials: 'supports_credentials',
  defaultMethods: ['GET', 'HEAD', 'POST', 'OPTIONS', 'PUT', 'PATCH', 'DELETE'],
};

function newCorsCall(p: FlaskPlacement, policy: CorsPolicy): string {
  const args = [p.appName, `origins=${pyList(policy.origins, p.style)}`];
  const defaults = FLASK_CORS_KEYWORDS.defaultMethods;
  const missing = missingFrom(defaults, policy.methods, upper);
  if (missing.length) args.push(`methods=${pyList([...defaults, ...missing], p.style)}`);
  if (policy.allowHeaders.length) args.push(`allow_headers=${pyList(policy.allowHeaders, p.style)}`);
  if (policy.credentials) args.push('supports_credentials=True');
  if (policy.allowHeaders.length || policy.methods.length) args.push(`max_age=${policy.maxAgeSeconds}`);
  return `CORS(${args.join(', ')})`;
}

export const flaskGenerator: FrameworkGenerator<FlaskPlacement> = {
  framework: 'flask',
  generate(p, policy): GeneratedFix {
    const { file, style } = p;
    const text = file.text;
    const eol = style.eol;
    const changes: PlannedChange[] = [];
    const where = (n: { startPosition: { row: number } }) => `${file.path}:${n.startPosition.row + 1}`;
    const asText = (edits: OffsetEdit[]): TextEdit[] => edits.map((e) => replaceEdit(file, e.start, e.end, e.text));
    const requestImport = () => importEdit(text, p.root, 'flask', 'request', style);

    if (p.foreignHeader && !p.corsCall && !p.own) {
      return { changes: [], dependencies: [], unfixable: `CORS headers are set by hand at ${p.file.path === file.path ? where(p.foreignHeader) : 'another file'}; use Flask-CORS there instead of a second layer` };
    }
    if (p.corsCall || p.own) {
      const short = p.allowed ? shortfall(p.allowed, policy) : null;
      if (short && needsChange(short)) {
        if (p.corsCall) {
          const amended = amendKeywords(text, p.corsCall, p.root, p.allowed!, policy, FLASK_CORS_KEYWORDS, style);
          if (amended.unfixable) return { changes: [], dependencies: [], unfixable: `${amended.unfixable} (${where(p.corsCall)})` };
          changes.push({ reason: `${amended.what.join(', ').replace(/^./, (c) => c.toUpperCase())} in CORS(${p.appName}, ...) (${where(p.corsCall)})`, edits: asText(amended.edits) });
        } else {
          // Our own block: written again for the new policy.
          const own = p.own!;
          const indent = indentAt(text, own.list.startIndex);
          const block = ownBlock(p, policy, indent);
          const edits = [replaceNode(own.list, block.list.slice(indent.length)), replaceNode(own.after, lines(block.hooks.slice(block.hooks.indexOf('') + 2), style).slice(indent.length))];
          changes.push({ reason: `Update the CORS allow-list in ${FLASK_AFTER}() (${where(own.list)}): allows ${policy.origins.join(', ')}${policy.credentials ? ' with credentials' : ''}`, edits: asText(edits) });
        }
      }
      if (p.tooLate) {
        const indent = indentAt(text, p.tooLate.def.startIndex);
        const at = lineSpan(text, p.tooLate.def.startIndex, p.tooLate.def.startIndex).start;
        const edits: OffsetEdit[] = [{ start: at, end: at, text: lines([...preflightHook(p, indent), '', ''], style) + eol }];
        const imp = requestImport();
        if (imp) edits.push(imp);
        const reason = `Answer preflights before ${p.tooLate.name}() (${where(p.tooLate.def)}), which refuses them: preflights carry no cookies`;
        // One change per file: the CLI shows each change as a diff of the text the one before left.
        if (changes[0]) changes[0] = { reason: `${reason}; ${changes[0].reason.replace(/^./, (c) => c.toLowerCase())}`, edits: [...changes[0].edits, ...asText(edits)] };
        else changes.push({ reason, edits: asText(edits) });
      }
      return { changes, dependencies: [], moved: Boolean(p.tooLate) };
    }

    // No CORS yet: right after the app is created.
    const indent = indentAt(text, p.appStatement.startIndex);
    const after = lineSpan(text, p.appStatement.startIndex, p.appStatement.endIndex).end;
    const edits: OffsetEdit[] = [];
    if (p.flaskCors) {
      const imp = importEdit(text, p.root, 'flask_cors', 'CORS', style);
      if (imp) edits.push(imp);
      edits.push({ start: after, end: after, text: `${indent}${newCorsCall(p, policy)}${eol}` });
      if (p.tooLate) {
        const hookIndent = indentAt(text, p.tooLate.def.startIndex);
        const at = lineSpan(text, p.tooLate.def.startIndex, p.tooLate.def.startIndex).start;
        edits.push({ start: at, end: at, text: lines([...preflightHook(p, hookIndent), '', ''], style) + eol });
        const req = requestImport();
        if (req) edits.push(req);
      }
      changes.push({ reason: `Add CORS(${p.appName}, ...) from flask-cors right after the app is created (${where(p.appStatement)}), allowing ${policy.origins.join(', ')}${policy.credentials ? ' with credentials' : ''}`, edits: asText(mergeInsertions(edits)) });
      return { changes, dependencies: [] };
    }
    const block = ownBlock(p, policy, indent);
    const req = requestImport();
    if (req) edits.push(req);
    // Two blank lines around the new top-level code, counting those already there.
    const following = /^(?:[ \t]*\r?\n)*/.exec(text.slice(after))![0].split('\n').length - 1;
    const gap = indent ? 1 : 2;
    const trailing = after >= text.length ? '' : eol.repeat(Math.max(0, gap - following));
    edits.push({ start: after, end: after, text: `${eol}${block.list}${eol}${eol.repeat(gap)}${lines(block.hooks, style)}${eol}${trailing}` });
    changes.push({
      reason: `Add an after_request CORS allow-list and a preflight answer right after the app is created (${where(p.appStatement)}), allowing ${policy.origins.join(', ')}${policy.credentials ? ' with credentials' : ''} (the project has no flask-cors, so no new dependency)`,
      edits: asText(mergeInsertions(edits)),
    });
    return { changes, dependencies: [] };
  },
};
