// Amending CORS written by hand, in place: the origin allow-list checked with
// `list.includes(origin)` grows, a literal origin is replaced, and the values of the
// `Access-Control-Allow-*` headers (header objects or `.set(...)` calls) are extended;
// a header that is missing is written next to the one it belongs with, in the same form.
import type * as t from '@babel/types';
import { normalizeMethod } from '../../cors/safelist';
import { needsChange, shortfall } from '../allowance';
import type { AllowedCors, CorsPolicy } from '../types';
import { indentAt, nextLineStart, walk } from './ast';
import type { HeaderSite } from './handwritten';
import { readLiteral } from './literal';
import { addProperties, appendElements, replaceNode, type OffsetEdit } from './object-edit';
import { quoted, semi, type JsStyle } from './style';

/** A const list of origins the code checks the request's Origin against (`allowedOrigins.includes(origin)`). */
export interface OriginAllowList {
  values: string[];
  node: t.ArrayExpression;
}

const ORIGIN = /^https?:\/\/[^/\s]+$/;

/** The first `X.includes(...)` in `root` whose X reads as a list of origins (through a const). */
export function findOriginAllowList(root: t.Node, ast: t.File): OriginAllowList | null {
  let found: OriginAllowList | null = null;
  walk(root, (n) => {
    if (found) return false;
    if (n.type !== 'CallExpression' || n.callee.type !== 'MemberExpression' || n.callee.property.type !== 'Identifier' || n.callee.property.name !== 'includes') return;
    const v = readLiteral(n.callee.object, ast);
    if (v.kind === 'strings' && v.values.every((o) => ORIGIN.test(o))) found = { values: v.values, node: v.node };
  });
  return found;
}

export interface HandWrittenAmendment {
  edits: OffsetEdit[];
  /** What changed, for the reason line. */
  what: string[];
  /** The origins need a list the code cannot hold (one literal origin, several needed). */
  needsOriginList?: boolean;
  unfixable?: string;
}

const HEADER_NAMES: Record<string, string> = {
  'access-control-allow-origin': 'Access-Control-Allow-Origin',
  'access-control-allow-methods': 'Access-Control-Allow-Methods',
  'access-control-allow-headers': 'Access-Control-Allow-Headers',
  'access-control-allow-credentials': 'Access-Control-Allow-Credentials',
  'access-control-allow-private-network': 'Access-Control-Allow-Private-Network',
};

function tokens(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** A literal string value (or the const string it names) extended with the missing tokens, keeping its separator. */
function extendTokens(site: HeaderSite, ast: t.File, wanted: string[], fold: (s: string) => string, style: JsStyle): OffsetEdit | null | 'computed' {
  const v = readLiteral(site.value, ast);
  if (v.kind !== 'string') return 'computed';
  const have = tokens(v.value);
  const missing = wanted.filter((w) => !have.some((h) => fold(h) === fold(w)));
  if (!missing.length) return null;
  const sep = v.value.includes(', ') || !v.value.includes(',') ? ', ' : ',';
  return replaceNode(v.node, quoted([...have, ...missing].join(sep), style));
}

/**
 * A new header written beside `sibling` in the same form: a property of its header
 * object, or a `.set(...)`-style statement on the line after it.
 */
function addBeside(text: string, sibling: HeaderSite, name: string, value: string, style: JsStyle): OffsetEdit {
  const printedName = HEADER_NAMES[name] ?? name;
  if (sibling.object) return addProperties(text, sibling.object, [`${quoted(printedName, style)}: ${quoted(value, style)}`], style);
  const call = (sibling.node as t.ExpressionStatement).expression as t.CallExpression;
  const callee = text.slice(call.callee.start!, call.callee.end!);
  const at = nextLineStart(text, sibling.node.end!);
  return { start: at, end: at, text: `${indentAt(text, sibling.node.start!)}${callee}(${quoted(printedName, style)}, ${quoted(value, style)})${semi(style)}${style.eol}` };
}

/** The smallest in-place edits that make hand-written CORS allow the policy. */
export function amendHandWritten(text: string, ast: t.File, sites: HeaderSite[], allowList: OriginAllowList | null, allowed: AllowedCors, policy: CorsPolicy, style: JsStyle): HandWrittenAmendment {
  const short = shortfall(allowed, policy);
  if (!needsChange(short)) return { edits: [], what: [] };
  const edits: OffsetEdit[] = [];
  const what: string[] = [];
  const named = (name: string) => sites.filter((s) => s.name === name);
  const acao = named('access-control-allow-origin');
  if (!acao.length) return { edits: [], what: [], unfixable: 'no Access-Control-Allow-Origin header was found to amend' };
  if (short.origins) {
    const exact = Array.isArray(allowed.origins) ? allowed.origins : [];
    const added = policy.origins.filter((o) => !exact.includes(o));
    if (allowList) {
      const missing = policy.origins.filter((o) => !allowList.values.includes(o));
      if (missing.length) edits.push(appendElements(text, allowList.node, missing.map((o) => quoted(o, style)), style));
      what.push(`allow origin ${added.join(', ')}`);
    } else {
      if (policy.origins.length !== 1) return { edits: [], what: [], needsOriginList: true };
      const values = acao.map((s) => readLiteral(s.value, ast));
      if (values.some((v) => v.kind !== 'string')) return { edits: [], what: [], unfixable: 'the allowed origin is computed at run time, so it cannot be amended safely' };
      const seen = new Set<t.Node>();
      for (const v of values) {
        if (v.kind === 'string' && v.value !== policy.origins[0] && !seen.has(v.node)) {
          seen.add(v.node);
          edits.push(replaceNode(v.node, quoted(policy.origins[0], style)));
        }
      }
      what.push(allowed.origins === 'any' ? `allow only ${policy.origins[0]} instead of *` : `allow origin ${policy.origins[0]}`);
    }
  }
  // Preflight headers go where the code already writes one, else beside Allow-Origin.
  const preflightSibling = named('access-control-allow-methods')[0] ?? named('access-control-allow-headers')[0] ?? named('access-control-max-age')[0] ?? acao[acao.length - 1];
  const list = (name: string, wanted: string[], fold: (s: string) => string, label: string, current: string[]) => {
    const existing = named(name);
    const missing = wanted.filter((w) => !current.some((c) => fold(c) === fold(w)));
    if (existing.length) {
      for (const site of existing) {
        const edit = extendTokens(site, ast, wanted, fold, style);
        if (edit === 'computed') return `the ${label} are computed at run time`;
        if (edit) edits.push(edit);
      }
    } else {
      edits.push(addBeside(text, preflightSibling, name, wanted.join(', '), style));
    }
    what.push(`allow ${label.replace(/s$/, '')} ${missing.join(', ')}`);
    return null;
  };
  if (short.methods) {
    const current = Array.isArray(allowed.methods) ? allowed.methods : [];
    const wanted = [...current, ...policy.methods.filter((m) => !current.some((c) => normalizeMethod(c) === m))];
    const problem = list('access-control-allow-methods', wanted, normalizeMethod, 'methods', current);
    if (problem) return { edits: [], what: [], unfixable: problem };
  }
  if (short.allowHeaders) {
    const current = Array.isArray(allowed.allowHeaders) ? allowed.allowHeaders : [];
    const wanted = [...current, ...policy.allowHeaders.filter((h) => !current.some((c) => c.toLowerCase() === h))];
    const problem = list('access-control-allow-headers', wanted, (s) => s.toLowerCase(), 'request headers', current);
    if (problem) return { edits: [], what: [], unfixable: problem };
  }
  const flag = (name: string, label: string) => {
    const existing = named(name);
    if (existing.length) for (const s of existing) edits.push(replaceNode(s.value, quoted('true', style)));
    // Beside every Allow-Origin: each response that lets the origin in must say it.
    else for (const s of acao) edits.push(addBeside(text, s, name, 'true', style));
    what.push(`allow ${label}`);
  };
  if (short.credentials) flag('access-control-allow-credentials', 'credentials');
  if (short.privateNetwork) flag('access-control-allow-private-network', 'private-network access');
  return { edits: dedupe(edits), what };
}

/** Sites in one header object share one insertion: merge edits at the same place. */
function dedupe(edits: OffsetEdit[]): OffsetEdit[] {
  const out: OffsetEdit[] = [];
  for (const e of edits) {
    const same = out.find((o) => o.start === e.start && o.end === e.end);
    if (!same) out.push(e);
    else if (same.start === same.end && e.text !== same.text) same.text += e.text;
  }
  return out;
}
