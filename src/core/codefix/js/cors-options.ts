// The options object of a JS CORS middleware (cors, @fastify/cors, @koa/cors,
// hono/cors, NestJS enableCors): what it allows, read with the middleware's defaults,
// and the smallest edits that make it allow a policy. The middlewares differ in option
// names and defaults only; a dialect says which.
import type * as t from '@babel/types';
import { normalizeMethod } from '../../cors/safelist';
import type { AllowedCors, CorsPolicy } from '../types';
import { needsChange, shortfall, type Shortfall } from '../allowance';
import { walk } from './ast';
import { readLiteral, type LiteralValue } from './literal';
import { addProperties, appendElements, findProperty, replaceNode, type OffsetEdit } from './object-edit';
import { quoted, type JsStyle } from './style';

export interface CorsDialect {
  origin: string;
  methods: string;
  allowHeaders: string;
  exposeHeaders: string;
  credentials: string;
  maxAge: string;
  privateNetwork: string | null;
  /** Methods allowed when the option is absent. */
  defaultMethods: string[];
  /** The origin option takes a list of strings (else a function checks a list). */
  originList: boolean;
  /** `origin: true` echoes every origin. */
  originTrueReflects: boolean;
  /** With credentials and no origin (or `*`), the middleware echoes every origin (@koa/cors). */
  credentialsEchoWildcard: boolean;
  /** How the origin function reads the request's Origin, for dialects without lists (`ctx.get('Origin')`). */
  originFunction?: (list: string, style: JsStyle) => string;
}

/** Where the options are: an object literal, nothing yet (insert there), or something we cannot read. */
export type OptionsSlot =
  | { kind: 'object'; node: t.ObjectExpression }
  | { kind: 'none'; insertAt: number; prefix: string }
  | { kind: 'literal'; node: t.Node; value: LiteralValue }
  | { kind: 'computed'; node: t.Node };

function list(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** The origins a function allows when it checks `someList.includes(...)` against a const list. */
function functionOrigins(fn: t.Node, ast: t.File): { values: string[]; node: t.ArrayExpression } | null {
  let found: { values: string[]; node: t.ArrayExpression } | null = null;
  walk(fn, (n) => {
    if (found) return false;
    if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && n.callee.property.type === 'Identifier' && n.callee.property.name === 'includes') {
      const v = readLiteral(n.callee.object, ast);
      if (v.kind === 'strings') found = { values: v.values, node: v.node };
    }
  });
  return found;
}

function readOrigins(v: LiteralValue | null, dialect: CorsDialect, credentials: boolean, ast: t.File): AllowedCors['origins'] {
  if (!v) return dialect.credentialsEchoWildcard && credentials ? 'reflect' : 'any';
  switch (v.kind) {
    case 'string':
      if (v.value === '*') return dialect.credentialsEchoWildcard && credentials ? 'reflect' : 'any';
      return list(v.value).length > 1 ? list(v.value) : [v.value];
    case 'strings':
      return v.values.includes('*') ? 'any' : v.values;
    case 'boolean':
      return v.value && dialect.originTrueReflects ? 'reflect' : v.value ? 'any' : [];
    case 'function': {
      const inner = functionOrigins(v.node, ast);
      return inner ? inner.values : 'computed';
    }
    default:
      return 'computed';
  }
}

function readList(v: LiteralValue | null, fallback: AllowedCors['methods'] | AllowedCors['allowHeaders']) {
  if (!v) return fallback;
  if (v.kind === 'string') return v.value.trim() === '*' ? 'any' : list(v.value);
  if (v.kind === 'strings') return v.values.includes('*') ? 'any' : v.values;
  return 'computed';
}

function optionValue(obj: t.ObjectExpression | null, name: string, ast: t.File): LiteralValue | null {
  const p = obj ? findProperty(obj, name) : undefined;
  return p ? readLiteral(p.value, ast) : null;
}

/** What the middleware allows with these options (its defaults filled in). */
export function readAllowed(slot: OptionsSlot, dialect: CorsDialect, ast: t.File): AllowedCors {
  if (slot.kind === 'computed') {
    return { origins: 'computed', methods: 'computed', allowHeaders: 'computed', exposeHeaders: [], credentials: false, maxAgeSeconds: null, privateNetwork: false };
  }
  if (slot.kind === 'literal') {
    // `{ cors: true }` (NestJS) means the defaults; a bare string means that origin.
    const origins = slot.value.kind === 'boolean' ? (slot.value.value ? 'any' : []) : readOrigins(slot.value, dialect, false, ast);
    return { origins, methods: dialect.defaultMethods, allowHeaders: 'reflect', exposeHeaders: [], credentials: false, maxAgeSeconds: null, privateNetwork: false };
  }
  const obj = slot.kind === 'object' ? slot.node : null;
  const cred = optionValue(obj, dialect.credentials, ast);
  const credentials = cred?.kind === 'boolean' ? cred.value : false;
  const maxAge = optionValue(obj, dialect.maxAge, ast);
  const expose = readList(optionValue(obj, dialect.exposeHeaders, ast), []);
  const pna = dialect.privateNetwork ? optionValue(obj, dialect.privateNetwork, ast) : null;
  return {
    origins: readOrigins(optionValue(obj, dialect.origin, ast), dialect, credentials, ast),
    methods: readList(optionValue(obj, dialect.methods, ast), dialect.defaultMethods) as AllowedCors['methods'],
    allowHeaders: readList(optionValue(obj, dialect.allowHeaders, ast), 'reflect') as AllowedCors['allowHeaders'],
    exposeHeaders: Array.isArray(expose) ? expose.map((h) => h.toLowerCase()) : [],
    credentials,
    maxAgeSeconds: maxAge?.kind === 'number' ? maxAge.value : maxAge?.kind === 'string' && /^-?\d+$/.test(maxAge.value) ? Number(maxAge.value) : null,
    privateNetwork: pna?.kind === 'boolean' ? pna.value : false,
  };
}

export function printList(values: string[], style: JsStyle): string {
  return `[${values.map((v) => quoted(v, style)).join(', ')}]`;
}

/** The origin option's value for a list of origins in this dialect. */
function originValue(origins: string[], dialect: CorsDialect, style: JsStyle): string {
  const printed = printList(origins, style);
  return dialect.originList || !dialect.originFunction ? printed : dialect.originFunction(printed, style);
}

/** The properties of a new options object for the policy, in the dialect's names. */
export function optionEntries(policy: CorsPolicy, dialect: CorsDialect, style: JsStyle): string[] {
  const entries = [`${dialect.origin}: ${originValue(policy.origins, dialect, style)}`];
  const missingMethods = policy.methods.filter((m) => !dialect.defaultMethods.includes(m));
  if (missingMethods.length) entries.push(`${dialect.methods}: ${printList([...dialect.defaultMethods, ...missingMethods], style)}`);
  if (policy.allowHeaders.length) entries.push(`${dialect.allowHeaders}: ${printList(policy.allowHeaders, style)}`);
  if (policy.exposeHeaders.length) entries.push(`${dialect.exposeHeaders}: ${printList(policy.exposeHeaders, style)}`);
  if (policy.credentials) entries.push(`${dialect.credentials}: true`);
  // Max-age only matters where preflights happen: methods beyond the safelist, or request headers.
  if (missingMethods.length || policy.allowHeaders.length) entries.push(`${dialect.maxAge}: ${policy.maxAgeSeconds}`);
  if (policy.privateNetwork && dialect.privateNetwork) entries.push(`${dialect.privateNetwork}: true`);
  return entries;
}

/** `{ a: 1, b: 2 }` on one line, or one property per line below `indent` when long. */
export function printObject(entries: string[], style: JsStyle, indent: string): string {
  const one = `{ ${entries.join(', ')} }`;
  if (one.length + indent.length <= 90) return one;
  const inner = indent + style.indent;
  return `{${style.eol}${entries.map((e) => `${inner}${e}`).join(`,${style.eol}`)}${style.trailingComma ? ',' : ''}${style.eol}${indent}}`;
}

export interface AmendResult {
  edits: OffsetEdit[];
  /** What changed, for the reason line ("allow origin X", "allow method PUT"). */
  what: string[];
  unfixable?: string;
}

/** Appends to a list literal, or replaces a string with the list. */
function extendValue(text: string, v: LiteralValue, wanted: string[], style: JsStyle, fold: (s: string) => string): OffsetEdit | null {
  if (v.kind === 'strings') {
    const missing = wanted.filter((w) => !v.values.some((x) => fold(x) === fold(w)));
    return missing.length ? appendElements(text, v.node, missing.map((m) => quoted(m, style)), style) : null;
  }
  if (v.kind === 'string') {
    const have = list(v.value);
    const missing = wanted.filter((w) => !have.some((x) => fold(x) === fold(w)));
    if (!missing.length) return null;
    // A comma-separated string stays one; a single value becomes a list.
    return replaceNode(v.node, have.length > 1 || v.value.includes(',') ? quoted([...have, ...missing].join(','), style) : printList([...have, ...missing], style));
  }
  return null;
}

/**
 * The edits that make the options allow the policy, amending what is written (a
 * string becomes a list, `*` and reflection give way to the list when credentials are
 * needed) and adding only the options that are missing.
 */
export function amendOptions(text: string, ast: t.File, slot: OptionsSlot, policy: CorsPolicy, dialect: CorsDialect, style: JsStyle, indent: string): AmendResult {
  if (slot.kind === 'computed') return { edits: [], what: [], unfixable: 'the CORS options are computed at run time, so they cannot be amended safely' };
  const allowed = readAllowed(slot, dialect, ast);
  const short = shortfall(allowed, policy);
  const what = describeShortfall(allowed, policy, short);
  if (!needsChange(short)) return { edits: [], what: [] };
  if (slot.kind === 'none' || slot.kind === 'literal') {
    const entries = optionEntries({ ...policy, exposeHeaders: [] }, dialect, style);
    const printed = printObject(entries, style, indent);
    if (slot.kind === 'none') return { edits: [{ start: slot.insertAt, end: slot.insertAt, text: slot.prefix + printed }], what };
    return { edits: [replaceNode(slot.node, printed)], what };
  }
  const obj = slot.node;
  const edits: OffsetEdit[] = [];
  // New properties go in together, after the last one written.
  const additions: string[] = [];
  const add = (name: string, value: string) => additions.push(`${name}: ${value}`);
  if (short.origins) {
    const p = findProperty(obj, dialect.origin);
    const v = p ? readLiteral(p.value, ast) : null;
    if (v?.kind === 'computed') return { edits: [], what, unfixable: 'the allowed origin is computed at run time, so it cannot be amended safely' };
    const fnList = v?.kind === 'function' ? functionOrigins(v.node, ast) : null;
    if (v?.kind === 'function' && !fnList) return { edits: [], what, unfixable: 'the allowed origin is decided by a function, so it cannot be amended safely' };
    const exact = Array.isArray(allowed.origins) ? allowed.origins : [];
    const wanted = [...exact, ...policy.origins.filter((o) => !exact.includes(o))];
    let edit: OffsetEdit | null = null;
    if (fnList) edit = extendValue(text, { kind: 'strings', values: fnList.values, node: fnList.node }, wanted, style, (s) => s);
    else if (v && Array.isArray(allowed.origins) && (v.kind === 'strings' || (v.kind === 'string' && dialect.originList))) edit = extendValue(text, v, wanted, style, (s) => s);
    else if (v) edit = replaceNode(v.node, originValue(wanted, dialect, style));
    else add(dialect.origin, originValue(wanted, dialect, style));
    if (edit) edits.push(edit);
  }
  if (short.methods) {
    const p = findProperty(obj, dialect.methods);
    const v = p ? readLiteral(p.value, ast) : null;
    const current = Array.isArray(allowed.methods) ? allowed.methods : [];
    const wanted = [...current, ...policy.methods.filter((m) => !current.some((c) => normalizeMethod(c) === m))];
    if (v) {
      const edit = extendValue(text, v, wanted, style, normalizeMethod);
      if (!edit) return { edits: [], what, unfixable: 'the allowed methods are computed at run time' };
      edits.push(edit);
    } else add(dialect.methods, printList(wanted, style));
  }
  if (short.allowHeaders) {
    const p = findProperty(obj, dialect.allowHeaders);
    const v = p ? readLiteral(p.value, ast) : null;
    const current = Array.isArray(allowed.allowHeaders) ? allowed.allowHeaders : [];
    const wanted = [...current, ...policy.allowHeaders.filter((h) => !current.some((c) => c.toLowerCase() === h))];
    let edit = v ? extendValue(text, v, wanted, style, (s) => s.toLowerCase()) : null;
    // `*` does not cover credentials or Authorization: name the headers instead.
    if (v && allowed.allowHeaders === 'any') edit = replaceNode(v.node, printList(policy.allowHeaders, style));
    if (!edit) return { edits: [], what, unfixable: 'the allowed request headers are computed at run time' };
    edits.push(edit);
  }
  if (short.credentials) {
    const p = findProperty(obj, dialect.credentials);
    if (p) edits.push(replaceNode(p.value, 'true'));
    else add(dialect.credentials, 'true');
  }
  if (short.privateNetwork && dialect.privateNetwork) {
    const p = findProperty(obj, dialect.privateNetwork);
    if (p) edits.push(replaceNode(p.value, 'true'));
    else add(dialect.privateNetwork, 'true');
  }
  if (additions.length) edits.push(addProperties(text, obj, additions, style));
  return { edits, what };
}

function describeShortfall(allowed: AllowedCors, policy: CorsPolicy, s: Shortfall): string[] {
  const what: string[] = [];
  if (s.origins) {
    const exact = Array.isArray(allowed.origins) ? allowed.origins : [];
    const added = policy.origins.filter((o) => !exact.includes(o));
    what.push(Array.isArray(allowed.origins) ? `allow origin ${added.join(', ')}` : `allow only the listed origins (${policy.origins.join(', ')}) instead of ${allowed.origins === 'reflect' ? 'echoing any origin' : '*'}`);
  }
  if (s.methods) {
    const current = Array.isArray(allowed.methods) ? allowed.methods : [];
    what.push(`allow method ${policy.methods.filter((m) => !current.some((c) => normalizeMethod(c) === m)).join(', ')}`);
  }
  if (s.allowHeaders) {
    const current = Array.isArray(allowed.allowHeaders) ? allowed.allowHeaders : [];
    what.push(`allow request header ${policy.allowHeaders.filter((h) => !current.some((c) => c.toLowerCase() === h)).join(', ')}`);
  }
  if (s.credentials) what.push('allow credentials');
  if (s.privateNetwork) what.push('allow private-network access');
  return what;
}
