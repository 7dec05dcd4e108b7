// Apache httpd: `Header always set …` lines (the `always` table is the one httpd sends
// on error answers and on mod_rewrite's own 204), `Header always merge Vary Origin`,
// the origin a literal for one front end or, for several, one anchored and escaped
// `SetEnvIf Origin "^…$" CORS_ORIGIN=$0` line per origin and
// `Header always set Access-Control-Allow-Origin "%{CORS_ORIGIN}e" env=CORS_ORIGIN`;
// the preflight answered by mod_rewrite before any rule that could refuse it.
import { replaceEdit } from '../edits';
import { applyOffsetEdits, type OffsetEdit } from '../js/object-edit';
import type { FrameworkGenerator, GeneratedFix } from '../plugin';
import { indentAt, lineSpan } from '../python/style';
import { apacheArg, apacheValue } from '../apache/tokens';
import { apacheArgs, isDirective, type ApacheDirective } from '../apache/tree';
import { APACHE_ORIGIN_VARIABLE, rewriteRules, type ApachePlacement, type ApacheRule } from '../placement/apache';
import { ACAO, HEADER_ORDER, HEADER_SPELLING, VARY, headerChanges } from '../webserver/cors-headers';
import { lineEnd, lineStartWithComments } from '../webserver/layout';
import type { CorsPolicy, TextEdit } from '../types';

/** An origin as a regex that matches it and nothing else. */
export function anchoredOrigin(origin: string): string {
  return `^${origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}

function lineOf(p: ApachePlacement, offset: number): string {
  return `${p.file.path}:${p.file.text.slice(0, offset).split('\n').length}`;
}

function scopeName(p: ApachePlacement): string {
  return p.scope ? `<VirtualHost ${p.scope.args.map(apacheValue).join(' ')}> (${lineOf(p, p.scope.start)})` : p.file.path;
}

function children(p: ApachePlacement): ApacheDirective[] {
  return p.scope ? p.scope.section!.children : p.config.directives;
}

function innerIndent(p: ApachePlacement): string {
  const first = children(p)[0];
  if (first) return indentAt(p.file.text, first.start);
  return p.scope ? indentAt(p.file.text, p.scope.start) + p.style.indent : '';
}

/** Where new lines go at the top of the scope: after the section's opening line, or at the file's start. */
function topOfScope(p: ApachePlacement): number {
  return p.scope ? lineEnd(p.file.text, p.scope.section!.headerEnd - 1) : 0;
}

function headerText(name: string, value: string, indent: string): string {
  const action = name === VARY ? 'merge' : 'set';
  return `${indent}Header always ${action} ${HEADER_SPELLING[name] ?? name} ${name === VARY ? value : apacheArg(value)}`;
}

function preflightLines(indent: string, engine: boolean, eol: string): string {
  return [
    `${indent}# Preflights carry no cookies: answer them here, before any rule below can refuse them.`,
    ...(engine ? [] : [`${indent}RewriteEngine On`]),
    `${indent}RewriteCond %{REQUEST_METHOD} OPTIONS`,
    `${indent}RewriteRule ^ - [R=204,L]`,
  ].map((l) => l + eol).join('');
}

function ruleSpan(text: string, r: ApacheRule): { start: number; end: number } {
  return lineSpan(text, (r.conds[0] ?? r.rule).start, r.rule.end);
}

export interface ApacheEdits {
  edits: OffsetEdit[];
  what: string[];
}

/** Every edit the policy needs (none when the configuration already implements it). `preflight: false`: the origin and header lines only. */
export function apacheEdits(p: ApachePlacement, policy: CorsPolicy, options: { preflight: boolean } = { preflight: true }): ApacheEdits {
  const text = p.file.text;
  const { eol } = p.style;
  const indent = innerIndent(p);
  const edits: OffsetEdit[] = [];
  const what: string[] = [];
  const fresh = !p.headers.has(ACAO);
  const acao = p.headers.get(ACAO);

  // The origin: a literal, or the environment variable the SetEnvIf allow-list sets.
  let originValue: string;
  let envCondition: string | null = null;
  let envLines: string[] = [];
  let envAt: number | null = null;
  const env = p.originEnv;
  if (env && Array.isArray(env.origins)) {
    const missing = policy.origins.filter((o) => !(env.origins as string[]).includes(o));
    originValue = `%{${env.variable}}e`;
    if (missing.length) {
      const last = env.lines[env.lines.length - 1];
      const setter = last ? `${apacheValue(last.args[2])}`.split('=').slice(1).join('=') || '$0' : '$0';
      const lineIndent = last ? indentAt(text, last.start) : indent;
      envLines = missing.map((o) => `${lineIndent}SetEnvIf Origin "${anchoredOrigin(o)}" ${env.variable}=${setter}`);
      envAt = last ? lineEnd(text, last.end) : lineSpan(text, acao!.directive.start, acao!.directive.start).start;
      what.push(`add ${missing.join(', ')} to the SetEnvIf Origin allow-list (${env.lines.length ? lineOf(p, env.lines[0].start) : lineOf(p, acao!.directive.start)})`);
    }
  } else if (policy.origins.length === 1) {
    originValue = policy.origins[0];
  } else {
    originValue = `%{${APACHE_ORIGIN_VARIABLE}}e`;
    envCondition = `env=${APACHE_ORIGIN_VARIABLE}`;
    envLines = [
      `${indent}# The front ends allowed to call this API: any other Origin gets no Access-Control-Allow-Origin.`,
      ...policy.origins.map((o) => `${indent}SetEnvIf Origin "${anchoredOrigin(o)}" ${APACHE_ORIGIN_VARIABLE}=$0`),
    ];
    envAt = acao ? lineStartWithComments(text, acao.directive.start) : null;
    what.push(`add a SetEnvIf Origin allow-list of ${policy.origins.length} origins to ${scopeName(p)}`);
  }

  const current = new Map([...p.headers].map(([n, h]) => [n, apacheValue(h.value)] as const));
  const wanted = headerChanges(current, policy, true, fresh);
  if (current.get(ACAO)?.trim() !== originValue) wanted.set(ACAO, originValue);
  const added: string[] = [];
  for (const name of HEADER_ORDER) {
    const value = wanted.get(name);
    if (value === undefined) continue;
    const h = p.headers.get(name);
    if (!h) {
      added.push(name === ACAO && envCondition ? `${indent}Header always set ${HEADER_SPELLING[ACAO]} "${value}" ${envCondition}` : headerText(name, value, indent));
      continue;
    }
    if (name === ACAO && envCondition) {
      // The whole tail: the value and any condition after it become the allow-list's.
      edits.push({ start: h.value.start, end: h.directive.end, text: `"${value}" ${envCondition}` });
    } else {
      edits.push({ start: h.value.start, end: h.value.end, text: h.value.kind === 'string' || /[\s,]/.test(value) ? `"${value}"` : apacheArg(value) });
    }
  }
  if (wanted.size) what.push(fresh ? `add Header always lines to ${scopeName(p)}` : `amend the CORS Header lines of ${scopeName(p)}`);
  // Without `always`, httpd leaves them off error answers (and mod_rewrite's own 204).
  for (const h of p.headers.values()) {
    if (!h.condition) edits.push({ start: h.action.start, end: h.action.start, text: 'always ' });
    else if (apacheValue(h.condition).toLowerCase() !== 'always') edits.push({ start: h.condition.start, end: h.condition.end, text: 'always' });
  }
  const lastHeader = [...p.headers.values()].sort((a, b) => b.directive.end - a.directive.end)[0];
  const headersAt = lastHeader ? lineEnd(text, lastHeader.directive.end) : topOfScope(p);
  const intro = fresh && !lastHeader ? [`${indent}# CORS for the allowed front ends; "always" adds it to error answers too.`] : [];
  let block = [...intro, ...(envAt === null ? envLines : []), ...added].map((l) => l + eol).join('');
  if (envAt !== null && envLines.length) edits.push({ start: envAt, end: envAt, text: envLines.map((l) => l + eol).join('') });

  if (options.preflight) {
    const engineOn = p.rewriteEngine !== null && /^on$/i.test(apacheArgs(p.rewriteEngine)[0] ?? '');
    if (!p.preflight) {
      const lines = preflightLines(indent, Boolean(engineOn), eol);
      // Before the first rule: one with [L] that matches ends the round before a later OPTIONS rule is read.
      const first = p.refusing ?? rewriteRules(children(p))[0] ?? null;
      if (first) {
        const at = lineStartWithComments(text, (first.conds[0] ?? first.rule).start);
        edits.push({ start: at, end: at, text: lines });
        what.push(p.refusing
          ? `answer preflights with mod_rewrite before the rule at ${lineOf(p, p.refusing.rule.start)}, which refuses them`
          : `answer preflights with 204 (mod_rewrite) before the first RewriteRule (${lineOf(p, first.rule.start)})`);
      } else {
        block += lines;
        what.push(`answer preflights with 204 (mod_rewrite) in ${scopeName(p)}`);
      }
    } else if (p.refusing) {
      // mod_rewrite runs its rules in order: the preflight answer moves above the rule that refuses it.
      const span = ruleSpan(text, p.preflight);
      const from = lineStartWithComments(text, span.start);
      const moved = text.slice(from, span.end);
      const at = lineStartWithComments(text, (p.refusing.conds[0] ?? p.refusing.rule).start);
      const inside = edits.filter((e) => e.start >= from && e.end <= span.end);
      const rest = edits.filter((e) => !inside.includes(e));
      edits.length = 0;
      edits.push(...rest, { start: at, end: at, text: applyOffsetEdits(moved, from, inside) }, { start: from, end: span.end, text: '' });
      what.push(`answer preflights before the rule at ${lineOf(p, p.refusing.rule.start)}, which refuses them (preflights carry no cookies)`);
    }
  }
  if (block) {
    const same = edits.find((e) => e.start === headersAt && e.end === headersAt);
    if (same) same.text = block + same.text;
    else edits.push({ start: headersAt, end: headersAt, text: block });
  }
  const modules = moduleEdits(p, edits);
  edits.push(...modules.edits);
  if (modules.what) what.push(modules.what);
  return { edits, what };
}

/** The modules the edited lines use: mod_headers always, mod_rewrite and mod_setenvif when their directives are written. */
function modulesUsed(p: ApachePlacement, edits: OffsetEdit[]): string[] {
  const written = edits.map((e) => e.text).join('\n') + p.file.text;
  const used = ['headers'];
  if (/^\s*Rewrite(Engine|Cond|Rule)\b/m.test(written)) used.push('rewrite');
  if (/^\s*SetEnvIf/m.test(written)) used.push('setenvif');
  return used;
}

/**
 * A file that loads its modules itself (LoadModule lines) gets the ones the fix needs,
 * next to the others; a file that does not (Debian's a2enmod layout) gets a note.
 */
function moduleEdits(p: ApachePlacement, edits: OffsetEdit[]): { edits: OffsetEdit[]; what: string | null } {
  if (!edits.length) return { edits: [], what: null };
  const used = modulesUsed(p, edits);
  const loads = p.config.directives.filter((d) => isDirective(d, 'LoadModule'));
  if (!loads.length) return { edits: [], what: `needs ${used.map((m) => `mod_${m}`).join(', ')} (on Debian: a2enmod ${used.join(' ')})` };
  const loaded = new Set(loads.map((d) => apacheArgs(d)[0]));
  const missing = used.filter((m) => !loaded.has(`${m}_module`));
  if (!missing.length) return { edits: [], what: null };
  const last = loads[loads.length - 1];
  const file = apacheArgs(last)[1] ?? '';
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : 'modules/';
  const indent = indentAt(p.file.text, last.start);
  const at = lineEnd(p.file.text, last.end);
  const lines = missing.map((m) => `${indent}LoadModule ${m}_module ${dir}mod_${m}.so${p.style.eol}`).join('');
  return { edits: [{ start: at, end: at, text: lines }], what: `load ${missing.map((m) => `mod_${m}`).join(', ')}` };
}

export const apacheGenerator: FrameworkGenerator<ApachePlacement> = {
  framework: 'apache',
  generate(p, policy): GeneratedFix {
    if (p.allowed?.origins === 'computed') {
      // A failure was recorded, and which origins this value lets in cannot be told: no guess.
      const line = p.headers.get(ACAO)!.directive;
      return { changes: [], dependencies: [], unfixable: `Access-Control-Allow-Origin at ${lineOf(p, line.start)} comes from a value this fix cannot read (a pattern, an expression): make it an exact allow-list` };
    }
    const { edits, what } = apacheEdits(p, policy);
    if (!edits.length) return { changes: [], dependencies: [] };
    const toText = (list: OffsetEdit[]): TextEdit[] => list.map((e) => replaceEdit(p.file, e.start, e.end, e.text));
    const reason = `${what.join('; ').replace(/^./, (c) => c.toUpperCase())}, allowing ${policy.origins.join(', ')}${policy.credentials ? ' with credentials' : ''}`;
    return { changes: [{ reason, edits: toText(edits) }], dependencies: [], moved: Boolean(p.refusing) };
  },
};

