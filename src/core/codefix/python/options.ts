// Amending a CORS option written in Python (a keyword argument, or a Django setting):
// a sequence gets the missing items appended in its own layout, a single string
// becomes a list keeping its value, a comma-separated string stays one.
import { shortfall } from '../allowance';
import type { AllowedCors, CorsPolicy } from '../types';
import { addKeywordArgs, appendItems, replaceNode, type OffsetEdit } from './edit';
import { readValue, type PyValue } from './literal';
import { pyList, pyString, type PyStyle } from './style';
import { keywordArgs, type Node } from './tree';

/** The edit that makes `v` hold every one of `wanted` (compared with `fold`), or null when it already does or cannot. */
export function extendValue(text: string, v: PyValue, wanted: string[], style: PyStyle, fold: (s: string) => string = (s) => s): OffsetEdit | null {
  if (v.kind === 'strings') {
    const missing = wanted.filter((w) => !v.values.some((x) => fold(x) === fold(w)));
    if (!missing.length) return null;
    if (!['list', 'tuple', 'set'].includes(v.node.type)) return null; // a name we cannot append to in place
    return appendItems(text, v.node, missing.map((m) => pyString(m, style)), style);
  }
  if (v.kind === 'string') {
    const have = v.value.split(',').map((s) => s.trim()).filter(Boolean);
    const missing = wanted.filter((w) => !have.some((x) => fold(x) === fold(w)));
    if (!missing.length) return null;
    return replaceNode(v.node, v.value.includes(',') ? pyString([...have, ...missing].join(', '), style) : pyList([...have, ...missing], style));
  }
  return null;
}

/** Items of `wanted` that `have` lacks (compared with `fold`), in `wanted`'s order. */
export function missingFrom(have: string[], wanted: string[], fold: (s: string) => string = (s) => s): string[] {
  return wanted.filter((w) => !have.some((h) => fold(h) === fold(w)));
}

export function upper(s: string): string {
  return s.toUpperCase();
}

export function lower(s: string): string {
  return s.toLowerCase();
}

/** The keyword names of a CORS call (Flask-CORS's CORS(), Starlette's CORSMiddleware). */
export interface KeywordDialect {
  origins: string;
  methods: string;
  allowHeaders: string;
  credentials: string;
  /** Written in place of a missing methods option: the library's defaults, so nothing is lost. */
  defaultMethods: string[];
}

export interface KeywordAmendment {
  edits: OffsetEdit[];
  what: string[];
  unfixable?: string;
}

/**
 * The edits that make a CORS call's keyword arguments allow the policy: lists extended,
 * `*`/missing origins replaced by the exact list when credentials need it, missing
 * options added after the last argument.
 */
export function amendKeywords(text: string, call: Node, root: Node, allowed: AllowedCors, policy: CorsPolicy, d: KeywordDialect, style: PyStyle): KeywordAmendment {
  const kw = keywordArgs(call);
  const ctx = { root };
  const short = shortfall(allowed, policy);
  const edits: OffsetEdit[] = [];
  const what: string[] = [];
  const additions: string[] = [];
  if (allowed.origins === 'computed') return { edits, what, unfixable: 'the allowed origins are computed or use patterns, so they cannot be amended safely' };
  if (short.origins) {
    const exact = Array.isArray(allowed.origins) ? allowed.origins : [];
    const wanted = [...exact, ...missingFrom(exact, policy.origins)];
    const v = readValue(kw.get(d.origins), ctx);
    const edit = v && Array.isArray(allowed.origins) ? extendValue(text, v, wanted, style) : null;
    if (edit) edits.push(edit);
    else if (v) edits.push(replaceNode(v.node, pyList(wanted, style)));
    else additions.push(`${d.origins}=${pyList(wanted, style)}`);
    what.push(Array.isArray(allowed.origins) ? `allow origin ${missingFrom(exact, policy.origins).join(', ')}` : `allow only ${policy.origins.join(', ')} instead of ${allowed.origins === 'reflect' ? 'echoing any origin' : '*'}`);
  }
  if (short.methods) {
    const current = Array.isArray(allowed.methods) ? allowed.methods : [];
    const wanted = [...current, ...missingFrom(current, policy.methods, upper)];
    const v = readValue(kw.get(d.methods), ctx);
    const edit = v ? extendValue(text, v, wanted, style, upper) : null;
    if (v && !edit) return { edits, what, unfixable: `the ${d.methods} option is computed, so it cannot be amended safely` };
    if (edit) edits.push(edit);
    else additions.push(`${d.methods}=${pyList([...d.defaultMethods, ...missingFrom(d.defaultMethods, policy.methods, upper)], style)}`);
    what.push(`allow method ${missingFrom(current, policy.methods, upper).join(', ')}`);
  }
  if (short.allowHeaders) {
    const current = Array.isArray(allowed.allowHeaders) ? allowed.allowHeaders : [];
    const v = readValue(kw.get(d.allowHeaders), ctx);
    let edit = v ? extendValue(text, v, [...(v.kind === 'strings' ? v.values : []), ...missingFrom(current, policy.allowHeaders, lower)], style, lower) : null;
    // `*` does not cover Authorization, and echoes with credentials: name the headers.
    if (v && allowed.allowHeaders === 'any') edit = replaceNode(v.node, pyList(policy.allowHeaders, style));
    if (v && !edit) return { edits, what, unfixable: `the ${d.allowHeaders} option is computed, so it cannot be amended safely` };
    if (edit) edits.push(edit);
    else additions.push(`${d.allowHeaders}=${pyList(missingFrom(current, policy.allowHeaders, lower), style)}`);
    what.push(`allow request header ${missingFrom(current, policy.allowHeaders, lower).join(', ')}`);
  }
  if (short.credentials) {
    const v = kw.get(d.credentials);
    if (v) edits.push(replaceNode(v, 'True'));
    else additions.push(`${d.credentials}=True`);
    what.push('allow credentials');
  }
  if (additions.length) edits.push(addKeywordArgs(text, call, additions, style));
  return { edits, what };
}
