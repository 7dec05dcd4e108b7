// nginx: `add_header … always` lines (without `always` nginx leaves them off 4xx/5xx
// answers), in every block that has add_header lines of its own (such a block inherits
// none), the origin a literal for one front end or a `map $http_origin $cors_origin`
// allow-list for several, and the preflight answered in the location with 204 before
// any rewrite directive that could refuse it. Existing lines are amended in place.
import { replaceEdit } from '../edits';
import { applyOffsetEdits, type OffsetEdit } from '../js/object-edit';
import type { FrameworkGenerator, GeneratedFix } from '../plugin';
import { indentAt, lineSpan } from '../python/style';
import { nginxValue, tokenValue, type NginxToken } from '../nginx/tokens';
import { argValues, type NginxDirective } from '../nginx/tree';
import { NGINX_ORIGIN_VARIABLE, type NginxHeaderBlock, type NginxPlacement } from '../placement/nginx';
import { ACAO, HEADER_ORDER, HEADER_SPELLING, headerChanges } from '../webserver/cors-headers';
import { lineEnd, lineStartWithComments } from '../webserver/layout';
import type { CorsPolicy, PlannedChange, SourceFile, TextEdit } from '../types';

function where(file: SourceFile, d: NginxDirective): string {
  const line = `${file.path}:${file.text.slice(0, d.start).split('\n').length}`;
  if (d.name === 'location' || d.name === 'if') return `${d.name} ${argValues(d).join(' ')} (${line})`;
  return d.name === 'server' ? `the server block (${line})` : `${d.name} (${line})`;
}

/** The token written again with `value`, in its own quotes when it had some. */
function requote(token: NginxToken, value: string): string {
  if (token.kind === 'string') {
    const q = token.text[0];
    return `${q}${value.replace(/\\/g, '\\\\').split(q).join(`\\${q}`)}${q}`;
  }
  return nginxValue(value);
}

/** Indentation of a block's children. */
function innerIndent(text: string, block: NginxDirective, unit: string): string {
  const first = block.block?.children[0];
  return first ? indentAt(text, first.start) : indentAt(text, block.start) + unit;
}

/** Where new lines go at the top of a block's body (the start of the line after `{`), and a prefix when `{` shares its line with code. */
function bodyStart(text: string, block: NginxDirective, eol: string): { at: number; prefix: string } {
  const open = block.block!.open + 1;
  const rest = /^[ \t]*(#[^\n]*)?\r?\n/.exec(text.slice(open));
  return rest ? { at: open + rest[0].length, prefix: '' } : { at: open, prefix: eol };
}

export interface OriginPlan {
  /** The value Access-Control-Allow-Origin must have. */
  value: string;
  edits: OffsetEdit[];
  what: string | null;
}

/** How the origin header names exactly `origins`: a literal, an amended map, or a new map before the server. */
export function planOrigin(p: NginxPlacement, origins: string[]): OriginPlan {
  const text = p.file.text;
  const { eol } = p.style;
  const current = p.originHeader ? tokenValue(p.originHeader.args[1]).trim() : null;
  const map = p.originMap;
  if (map && map.origins && map.file.path === p.file.path && current === map.variable) {
    const missing = origins.filter((o) => !map.origins!.includes(o));
    if (!missing.length) return { value: map.variable, edits: [], what: null };
    const entries = map.directive.block!.children;
    const last = entries[entries.length - 1];
    const indent = last ? indentAt(text, last.start) : indentAt(text, map.directive.start) + p.style.indent;
    const at = last ? lineEnd(text, last.start) : bodyStart(text, map.directive, eol).at;
    const lines = missing.map((o) => `${indent}"${o}" $http_origin;${eol}`).join('');
    return { value: map.variable, edits: [{ start: at, end: at, text: lines }], what: `add ${missing.join(', ')} to map $http_origin ${map.variable} (${where(p.file, map.directive)})` };
  }
  if (origins.length === 1) return { value: origins[0], edits: [], what: null };
  const indent = indentAt(text, p.server.start);
  const at = lineStartWithComments(text, p.server.start);
  const block = [
    `${indent}# The front ends allowed to call this API: any other Origin gets no CORS headers.`,
    `${indent}map $http_origin ${NGINX_ORIGIN_VARIABLE} {`,
    `${indent}${p.style.indent}default "";`,
    ...origins.map((o) => `${indent}${p.style.indent}"${o}" $http_origin;`),
    `${indent}}`,
    '',
  ].join(eol);
  return { value: NGINX_ORIGIN_VARIABLE, edits: [{ start: at, end: at, text: block + eol }], what: `add a map $http_origin ${NGINX_ORIGIN_VARIABLE} allow-list before ${where(p.file, p.server)}` };
}

function addHeaderLine(name: string, value: string, indent: string): string {
  return `${indent}add_header ${HEADER_SPELLING[name] ?? name} ${nginxValue(value)} always;`;
}

/** Edits that make one block send the policy's headers with `always`. */
function blockEdits(p: NginxPlacement, hb: NginxHeaderBlock, policy: CorsPolicy, originValue: string, fresh: boolean): OffsetEdit[] {
  const text = p.file.text;
  const { eol } = p.style;
  const current = new Map([...hb.headers].map(([name, d]) => [name, tokenValue(d.args[1])] as const));
  const wanted = headerChanges(current, policy, hb.preflight, fresh);
  if (current.get(ACAO)?.trim() !== originValue) wanted.set(ACAO, originValue);
  const edits: OffsetEdit[] = [];
  const added: string[] = [];
  for (const name of HEADER_ORDER) {
    const value = wanted.get(name);
    if (value === undefined) continue;
    const d = hb.headers.get(name);
    if (d) edits.push({ start: d.args[1].start, end: d.args[1].end, text: name === ACAO && value.startsWith('$') ? value : requote(d.args[1], value) });
    else added.push(name);
  }
  // Without `always`, nginx sends none of them on a 401, a 404 or a 500.
  for (const d of hb.headers.values()) {
    if (!d.args.slice(2).some((a) => tokenValue(a) === 'always')) {
      const last = d.args[d.args.length - 1];
      edits.push({ start: last.end, end: last.end, text: ' always' });
    }
  }
  if (added.length) {
    const indent = innerIndent(text, hb.block, p.style.indent);
    const lastCors = [...hb.headers.values()].sort((a, b) => b.end - a.end)[0];
    const lines = added.map((n) => addHeaderLine(n, wanted.get(n)!, indent));
    if (lastCors) {
      const at = lineEnd(text, lastCors.end);
      edits.push({ start: at, end: at, text: lines.map((l) => l + eol).join('') });
    } else {
      const { at, prefix } = bodyStart(text, hb.block, eol);
      const intro = fresh && hb.block === p.scope ? [`${indent}# CORS for the allowed front ends; "always" adds it to error responses too.`] : [];
      edits.push({ start: at, end: at, text: prefix + [...intro, ...lines].map((l) => l + eol).join('') });
    }
  }
  return edits;
}

function preflightText(indent: string, unit: string, eol: string): string {
  return [
    `${indent}# Preflights carry no cookies: answer them here, before anything below can refuse them.`,
    `${indent}if ($request_method = OPTIONS) {`,
    `${indent}${unit}return 204;`,
    `${indent}}`,
  ].map((l) => l + eol).join('');
}

export interface NginxEdits {
  edits: OffsetEdit[];
  what: string[];
}

/** Every edit the policy needs in this placement (none when the configuration already implements it). */
export function nginxEdits(p: NginxPlacement, policy: CorsPolicy, options: { preflight: boolean } = { preflight: true }): NginxEdits {
  const text = p.file.text;
  const { eol, indent: unit } = p.style;
  const what: string[] = [];
  const origin = planOrigin(p, policy.origins);
  if (origin.what) what.push(origin.what);
  const edits: OffsetEdit[] = [...origin.edits];
  const fresh = !p.headerBlocks.some((b) => b.headers.has(ACAO));
  const perBlock = new Map<NginxDirective, OffsetEdit[]>();
  for (const hb of p.headerBlocks) {
    const e = blockEdits(p, hb, policy, origin.value, fresh);
    if (e.length) perBlock.set(hb.block, e);
  }
  if (perBlock.size) what.push(fresh ? `add CORS add_header … always lines to ${where(p.file, p.scope)}` : `amend the CORS add_header lines of ${where(p.file, p.scope)}`);
  if (p.notInherited) what.push(`(the server's CORS lines at ${where(p.file, p.notInherited)} do not reach this location: it has add_header lines of its own)`);

  let moved: { from: OffsetEdit; to: OffsetEdit } | null = null;
  if (options.preflight) {
    const pre = p.preflight;
    const scopeIndent = innerIndent(text, p.scope, unit);
    if (!pre) {
      let at: number;
      if (p.refusing) at = lineStartWithComments(text, p.refusing.start);
      else {
        const main = p.headerBlocks[0];
        const lastCors = [...main.headers.values()].sort((a, b) => b.end - a.end)[0];
        at = lastCors ? lineEnd(text, lastCors.end) : bodyStart(text, p.scope, eol).at;
      }
      const mainEdits = perBlock.get(p.scope) ?? [];
      const same = mainEdits.find((e) => e.start === at && e.end === at);
      const block = preflightText(scopeIndent, unit, eol);
      if (same) same.text += block;
      else edits.push({ start: at, end: at, text: (p.refusing || at !== bodyStart(text, p.scope, eol).at ? '' : bodyStart(text, p.scope, eol).prefix) + block });
      what.push(`answer preflights with 204 in ${where(p.file, p.scope)}${p.refusing ? `, before ${where(p.file, p.refusing)}` : ''}`);
    } else {
      const returns = pre.block!.children.some((c) => c.name === 'return');
      if (!returns) {
        const close = lineSpan(text, pre.block!.close, pre.block!.close).start;
        const e = perBlock.get(pre) ?? [];
        e.push({ start: close, end: close, text: `${innerIndent(text, pre, unit)}return 204;${eol}` });
        perBlock.set(pre, e);
        what.push(`answer preflights with 204 in ${where(p.file, pre)}`);
      }
      if (p.refusing) {
        // The rewrite directives run in order: the preflight answer moves above the check that refuses it.
        const span = lineSpan(text, pre.start, pre.end);
        const moving = perBlock.get(pre) ?? [];
        perBlock.delete(pre);
        const movedText = applyOffsetEdits(text.slice(span.start, span.end), span.start, moving);
        const at = lineStartWithComments(text, p.refusing.start);
        moved = { from: { start: span.start, end: span.end, text: '' }, to: { start: at, end: at, text: movedText } };
        what.push(`answer preflights before ${where(p.file, p.refusing)}, which refuses them (preflights carry no cookies)`);
      }
    }
  }
  for (const e of perBlock.values()) edits.push(...e);
  if (moved) edits.push(moved.to, moved.from);
  return { edits, what };
}

export const nginxGenerator: FrameworkGenerator<NginxPlacement> = {
  framework: 'nginx',
  generate(p, policy): GeneratedFix {
    if (p.allowed?.origins === 'computed') {
      // A failure was recorded, and which origins this value lets in cannot be told: no guess.
      const map = p.originMap;
      const why = map
        ? `the origin comes from map ${map.variable} (${where(map.file, map.directive)}), which ${map.origins ? 'is in another file' : 'uses patterns or other values'}: list the allowed origins there`
        : `Access-Control-Allow-Origin is set from a value this fix cannot read (${p.originHeader ? where(p.file, p.originHeader) : p.file.path}): make it an allow-list`;
      return { changes: [], dependencies: [], unfixable: why };
    }
    if (p.originMap && p.originMap.file.path !== p.file.path) {
      return { changes: [], dependencies: [], unfixable: `the origin comes from map ${p.originMap.variable} in ${p.originMap.file.path}: list the allowed origins there` };
    }
    const { edits, what } = nginxEdits(p, policy);
    if (!edits.length) return { changes: [], dependencies: [] };
    const toText = (list: OffsetEdit[]): TextEdit[] => list.map((e) => replaceEdit(p.file, e.start, e.end, e.text));
    const reason = `${what.join('; ').replace(/^./, (c) => c.toUpperCase())}, allowing ${policy.origins.join(', ')}${policy.credentials ? ' with credentials' : ''}`;
    const change: PlannedChange = { reason, edits: toText(edits) };
    return { changes: [change], dependencies: [], moved: Boolean(p.refusing) };
  },
};
