// rack-cors, the CORS middleware of Rack and Rails apps: its configuration block
// (`allow do origins …; resource '*', headers: …, methods: …, credentials: …, max_age: … end`)
// read as what it allows, amended in place, or written new. The semantics are rack-cors's
// own (lib/rack/cors.rb): `methods` defaults to [:get] and is checked on preflights only,
// `headers: :any` echoes the requested headers, nil allows only the CORS-safelisted ones,
// `max_age` defaults to 7200, and `origins '*'` with `credentials: true` refuses to boot.
import { normalizeMethod } from '../../cors/safelist';
import { shortfall } from '../allowance';
import { methodsToList } from '../preflight-methods';
import type { OffsetEdit } from '../js/object-edit';
import { appendItems } from '../python/edit';
import { missingFrom } from '../python/options';
import { indentAt } from '../text-lines';
import { inListCase } from '../header-case';
import type { AllowedCors, CorsPolicy } from '../types';
import type { Node } from '../tree-sitter';
import { readRuby, valuesOf, type RubyValue } from './literal';
import { rubyString, type RubyStyle } from './style';
import { argsOf, blockStatements, methodOf, pairsOf } from './tree';

/** Request headers rack-cors always allows (Rack::Cors::CORS_SIMPLE_HEADERS). */
export const RACK_CORS_SIMPLE_HEADERS = ['accept', 'accept-language', 'content-language', 'content-type'];
const ALL_METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options'];
const EXACT_ORIGIN = /^https?:\/\/[^/\s]+$/;

export interface RackCorsConfig {
  /** The call that mounts the middleware (`use Rack::Cors do`, `config.middleware.insert_before 0, Rack::Cors do`). */
  call: Node;
  origins: Node | null;
  resource: Node | null;
}

export function readRackCors(call: Node): RackCorsConfig {
  const allows = blockStatements(call).filter((s) => s.type === 'call' && methodOf(s) === 'allow');
  // The first allow block with exact origins is the one to extend (others may be public resources).
  const inner = (a: Node) => blockStatements(a).filter((s) => s.type === 'call' || s.type === 'identifier');
  const pick = allows.find((a) => inner(a).some((s) => methodOf(s) === 'origins' && argsOf(s).every((o) => readRuby(o)?.kind === 'string'))) ?? allows[0];
  const stmts = pick ? inner(pick) : [];
  return {
    call,
    origins: stmts.find((s) => methodOf(s) === 'origins') ?? null,
    resource: stmts.find((s) => methodOf(s) === 'resource') ?? null,
  };
}

function option(cfg: RackCorsConfig, key: string): RubyValue | null {
  const pair = cfg.resource ? pairsOf(cfg.resource).get(key) : undefined;
  return pair ? readRuby(pair.childForFieldName('value')) : null;
}

export function rackCorsAllowed(cfg: RackCorsConfig): AllowedCors {
  let origins: AllowedCors['origins'] = [];
  const list: string[] = [];
  for (const arg of cfg.origins ? argsOf(cfg.origins) : []) {
    const values = valuesOf(readRuby(arg));
    if (!values) origins = 'computed';
    else for (const v of values) {
      if (v === '*') origins = origins === 'computed' ? origins : 'any';
      else if (EXACT_ORIGIN.test(v)) list.push(v);
      else origins = 'computed'; // a bare host matches it on any scheme
    }
  }
  if (Array.isArray(origins)) origins = list;
  else if (cfg.origins?.childForFieldName('block')) origins = 'computed';
  const m = option(cfg, 'methods');
  const methods = m?.kind === 'symbol' && m.value === 'any' ? ALL_METHODS : valuesOf(m) ?? (m ? null : ['get']);
  const h = option(cfg, 'headers');
  const headers: AllowedCors['allowHeaders'] = h?.kind === 'symbol' && h.value === 'any' ? 'reflect' : h ? valuesOf(h)?.map((x) => x.toLowerCase()) ?? 'computed' : [];
  const age = option(cfg, 'max_age');
  const cred = option(cfg, 'credentials');
  return {
    origins,
    methods: methods ? methods.map((x) => x.toUpperCase()) : 'computed',
    allowHeaders: Array.isArray(headers) ? [...new Set([...RACK_CORS_SIMPLE_HEADERS, ...headers])] : headers,
    exposeHeaders: (valuesOf(option(cfg, 'expose')) ?? []).map((x) => x.toLowerCase()),
    credentials: cred?.kind === 'boolean' && cred.value && origins !== 'any',
    maxAgeSeconds: age?.kind === 'number' ? age.value : age ? null : 7200,
    privateNetwork: false,
  };
}

/** The methods a new resource lists: rack-cors checks every preflight's method, POST's too. */
export function resourceMethods(policy: CorsPolicy, current: string[] = []): string[] {
  return methodsToList(policy, current, ['OPTIONS']).map((m) => m.toLowerCase());
}

function symbolList(values: string[]): string {
  return `[${values.map((v) => `:${v}`).join(', ')}]`;
}

function stringList(values: string[], style: RubyStyle): string {
  return `[${values.map((v) => rubyString(v, style)).join(', ')}]`;
}

/** The `resource` line's options for a policy, in rack-cors's keywords. */
export function resourceOptions(policy: CorsPolicy, style: RubyStyle): string[] {
  const headers = policy.allowHeaders.filter((h) => !RACK_CORS_SIMPLE_HEADERS.includes(h));
  const out: string[] = [];
  if (headers.length) out.push(`headers: ${stringList(headers, style)}`);
  out.push(`methods: ${symbolList(resourceMethods(policy))}`);
  if (policy.exposeHeaders.length) out.push(`expose: ${stringList(policy.exposeHeaders, style)}`);
  if (policy.credentials) out.push('credentials: true');
  out.push(`max_age: ${policy.maxAgeSeconds}`);
  return out;
}

/** A new `… do allow do … end end` block under `opener` (e.g. `use Rack::Cors`), at `indent`. */
export function rackCorsBlock(opener: string, policy: CorsPolicy, style: RubyStyle, indent = ''): string[] {
  const i = style.indent;
  return [
    `${indent}${opener} do`,
    `${indent}${i}allow do`,
    `${indent}${i}${i}origins ${policy.origins.map((o) => rubyString(o, style)).join(', ')}`,
    `${indent}${i}${i}resource ${rubyString('*', style)}, ${resourceOptions(policy, style).join(', ')}`,
    `${indent}${i}end`,
    `${indent}end`,
  ];
}

/** Items added to a list value in its own notation: `[:a]` → `[:a, :b]`, `%i[a]` → `%i[a b]`, `:a` → `[:a, :b]`. */
function extendList(text: string, v: RubyValue, add: string[], symbols: boolean, style: RubyStyle): OffsetEdit | null {
  const print = (x: string) => (symbols ? `:${x}` : rubyString(x, style));
  if (v.kind === 'list' && v.node.type === 'array') return appendItems(text, v.node, add.map(print), style);
  if (v.kind === 'list') {
    const close = v.node.endIndex - 1;
    return { start: close, end: close, text: `${v.values.length ? ' ' : ''}${add.join(' ')}` };
  }
  if (v.kind === 'string' || v.kind === 'symbol') {
    const sym = v.kind === 'symbol';
    return { start: v.node.startIndex, end: v.node.endIndex, text: `[${[v.node.text, ...add.map((x) => (sym ? `:${x}` : rubyString(x, style)))].join(', ')}]` };
  }
  return null;
}

/** `key: value` added after a call's last argument, on a line of its own when the arguments are one per line. */
function addPairs(text: string, call: Node, pairs: string[], style: RubyStyle): OffsetEdit {
  const args = argsOf(call);
  const last = args[args.length - 1];
  const multiline = args.length > 1 && args[0].startPosition.row !== last.startPosition.row;
  const sep = multiline ? `,${style.eol}${indentAt(text, last.startIndex)}` : ', ';
  return { start: last.endIndex, end: last.endIndex, text: pairs.map((p) => `${sep}${p}`).join('') };
}

export interface RackCorsAmendment {
  edits: OffsetEdit[];
  what: string[];
  unfixable?: string;
}

/** The in-place edits that make the allow block allow the policy. */
export function amendRackCors(text: string, cfg: RackCorsConfig, allowed: AllowedCors, policy: CorsPolicy, style: RubyStyle): RackCorsAmendment {
  const short = shortfall(allowed, policy);
  const edits: OffsetEdit[] = [];
  const what: string[] = [];
  const additions: string[] = [];
  if (!cfg.origins || !cfg.resource) return { edits, what, unfixable: 'the rack-cors block has no `origins` or no `resource` line to amend' };
  if (allowed.origins === 'computed' && short.origins) return { edits, what, unfixable: 'the allowed origins are computed (a regexp, a block or a bare host), so they cannot be amended safely' };
  if (short.origins) {
    const args = argsOf(cfg.origins);
    if (allowed.origins === 'any') {
      const star = args.find((a) => readRuby(a)?.kind === 'string' && stringOf(a) === '*')!;
      edits.push({ start: star.startIndex, end: star.endIndex, text: policy.origins.map((o) => rubyString(o, style)).join(', ') });
      what.push(`allow only ${policy.origins.join(', ')} instead of *`);
    } else {
      const exact = allowed.origins as string[];
      const missing = missingFrom(exact, policy.origins);
      const last = args[args.length - 1];
      const lastValue = last ? readRuby(last) : null;
      const edit = lastValue?.kind === 'list' ? extendList(text, lastValue, missing, false, style) : null;
      if (edit) edits.push(edit);
      else if (last) edits.push({ start: last.endIndex, end: last.endIndex, text: missing.map((o) => `, ${rubyString(o, style)}`).join('') });
      else edits.push({ start: cfg.origins.endIndex, end: cfg.origins.endIndex, text: ` ${missing.map((o) => rubyString(o, style)).join(', ')}` });
      what.push(`allow origin ${missing.join(', ')}`);
    }
  }
  const listOption = (key: string, current: string[], wanted: string[], fold: (s: string) => string, symbols: boolean, label: string, fresh: string): string | null => {
    const missing = missingFrom(current, wanted, fold);
    const v = option(cfg, key);
    if (v) {
      const have = valuesOf(v) ?? [];
      const edit = extendList(text, v, missing.map((m) => (symbols ? m.toLowerCase() : inListCase(m, have))), v.kind === 'symbol' || (v.kind === 'list' && v.symbols) || (symbols && v.kind === 'list' && !v.values.length), style);
      if (!edit) return `the ${key} option is computed, so it cannot be amended safely`;
      edits.push(edit);
    } else additions.push(fresh);
    what.push(`allow ${label} ${missing.join(', ')}`);
    return null;
  };
  if (short.methods) {
    const current = Array.isArray(allowed.methods) ? allowed.methods : [];
    const problem = listOption('methods', current, policy.methods, normalizeMethod, true, `method${missingFrom(current, policy.methods, normalizeMethod).length > 1 ? 's' : ''}`, `methods: ${symbolList(resourceMethods(policy, current))}`);
    if (problem) return { edits: [], what: [], unfixable: problem };
  }
  if (short.allowHeaders) {
    const current = Array.isArray(allowed.allowHeaders) ? allowed.allowHeaders : [];
    const wanted = policy.allowHeaders.filter((h) => !RACK_CORS_SIMPLE_HEADERS.includes(h));
    const problem = listOption('headers', current, wanted, (s) => s.toLowerCase(), false, 'request header', `headers: ${stringList(missingFrom(current, wanted, (s) => s.toLowerCase()), style)}`);
    if (problem) return { edits: [], what: [], unfixable: problem };
  }
  if (short.credentials) {
    const pair = pairsOf(cfg.resource).get('credentials');
    const value = pair?.childForFieldName('value');
    if (value) edits.push({ start: value.startIndex, end: value.endIndex, text: 'true' });
    else additions.push('credentials: true');
    what.push('allow credentials');
  }
  if (additions.length) edits.push(addPairs(text, cfg.resource, additions, style));
  return { edits, what };
}

function stringOf(n: Node): string | null {
  const v = readRuby(n);
  return v?.kind === 'string' ? v.value : null;
}

/** `Rack::Cors`, or the string `"Rack::Cors"` Rails 3 and 4 took. */
export function isRackCors(arg: Node): boolean {
  return arg.text === 'Rack::Cors' || stringOf(arg) === 'Rack::Cors';
}

/** The constant argument `Rack::Cors` of a mounting call, and the arguments before it (`insert_after X, Rack::Cors`). */
export function corsArgument(call: Node): { constant: Node; before: Node[] } | null {
  const args = argsOf(call);
  const i = args.findIndex(isRackCors);
  return i < 0 ? null : { constant: args[i], before: args.slice(0, i) };
}
