// The options struct of a Go CORS library (`cors.Options{...}` of rs/cors and
// go-chi/cors, `cors.Config{...}` of gin-contrib/cors): read into what it allows, amended
// in place (slices extended, `*` replaced by the exact list, missing fields added), or
// written new — each library's field names and defaults in its dialect.
import { shortfall } from '../allowance';
import type { AllowedCors, CorsPolicy } from '../types';
import { missingFrom, upper, lower } from '../python/options';
import { named, type Node } from '../tree-sitter';
import { appendElements, editFields, type OffsetEdit } from './edit';
import { goList, readGoValue, packageValues, type GoValue } from './literal';
import { canonicalHeader, goDuration, goString, goStrings, type GoStyle } from './style';
import { keyedElements, valueOf } from './tree';

export interface OptionsDialect {
  /** The import path of the library. */
  library: string;
  /** The struct type's name in the library (`Options`, `Config`). */
  type: string;
  origins: string;
  methods: string;
  headers: string;
  expose: string;
  credentials: string;
  maxAge: string;
  /** A boolean field that allows every origin (gin's AllowAllOrigins). */
  allowAll?: string;
  /** Fields that compute the origin (no fix can read them). */
  originFuncs: string[];
  /** MaxAge is a time.Duration (gin) rather than seconds. */
  maxAgeDuration: boolean;
  /** What the library allows when the field is left out. */
  defaultMethods: string[];
  defaultHeaders: string[];
  /** Methods new code lists besides the policy's: the safelisted ones, so nothing that passed fails. */
  baseMethods: string[];
}

/** rs/cors 1.7 (cors.go New): no origins allows all, `*` anywhere allows all, `a*b` is a pattern; headers default Origin, Accept, Content-Type, X-Requested-With. */
export const RS_CORS: OptionsDialect = {
  library: 'github.com/rs/cors', type: 'Options',
  origins: 'AllowedOrigins', methods: 'AllowedMethods', headers: 'AllowedHeaders', expose: 'ExposedHeaders', credentials: 'AllowCredentials', maxAge: 'MaxAge',
  originFuncs: ['AllowOriginFunc', 'AllowOriginRequestFunc'], maxAgeDuration: false,
  defaultMethods: ['GET', 'POST', 'HEAD'], defaultHeaders: ['origin', 'accept', 'content-type', 'x-requested-with'], baseMethods: ['GET', 'POST', 'HEAD'],
};

/** go-chi/cors 1.2 (a fork of rs/cors): the same fields; headers default Origin, Accept, Content-Type. */
export const CHI_CORS: OptionsDialect = { ...RS_CORS, library: 'github.com/go-chi/cors', originFuncs: ['AllowOriginFunc'], defaultHeaders: ['origin', 'accept', 'content-type'] };

/** gin-contrib/cors 1.4 (config.go, utils.go): nothing is allowed by default; AllowAllOrigins or `*` sends `*`; MaxAge is a Duration. */
export const GIN_CORS: OptionsDialect = {
  library: 'github.com/gin-contrib/cors', type: 'Config',
  origins: 'AllowOrigins', methods: 'AllowMethods', headers: 'AllowHeaders', expose: 'ExposeHeaders', credentials: 'AllowCredentials', maxAge: 'MaxAge',
  allowAll: 'AllowAllOrigins', originFuncs: ['AllowOriginFunc'], maxAgeDuration: true,
  defaultMethods: [], defaultHeaders: [], baseMethods: ['GET', 'POST', 'HEAD'],
};

const COMPUTED: AllowedCors = { origins: 'computed', methods: 'computed', allowHeaders: 'computed', exposeHeaders: [], credentials: false, maxAgeSeconds: null, privateNetwork: false };

/** What an options literal allows, the library's defaults filled in. */
export function readOptions(literal: Node, root: Node, d: OptionsDialect): AllowedCors {
  const body = literal.childForFieldName('body');
  if (!body) return COMPUTED;
  const fields = keyedElements(body);
  const read = (key: string): GoValue | null => readGoValue(fields.get(key) ? valueOf(fields.get(key)!) : null, root);
  const list = (key: string) => {
    const v = read(key);
    return v ? (v.kind === 'strings' ? v.values : null) : [];
  };
  const origins = list(d.origins);
  const allAllowed = d.allowAll ? read(d.allowAll) : null;
  let allowedOrigins: AllowedCors['origins'];
  if (d.originFuncs.some((f) => fields.has(f))) allowedOrigins = 'computed';
  else if (!origins) allowedOrigins = 'computed';
  else if (allAllowed?.kind === 'boolean' && allAllowed.value) allowedOrigins = 'any';
  else if (origins.includes('*')) allowedOrigins = 'any';
  else if (origins.some((o) => o.includes('*'))) allowedOrigins = 'computed';
  // rs/cors and go-chi/cors allow every origin when none is listed; gin refuses to start.
  else if (!origins.length) allowedOrigins = d.allowAll ? [] : 'any';
  else allowedOrigins = origins;
  const methods = list(d.methods);
  const headers = list(d.headers);
  const credentials = read(d.credentials);
  const age = read(d.maxAge);
  return {
    origins: allowedOrigins,
    methods: !methods ? 'computed' : methods.length ? methods.map(upper) : d.defaultMethods,
    allowHeaders: !headers ? 'computed' : headers.includes('*') ? 'reflect' : headers.length ? [...new Set([...headers.map(lower), ...(d.allowAll ? [] : ['origin'])])] : d.defaultHeaders,
    exposeHeaders: (goList(read(d.expose)) ?? []).map(lower),
    credentials: credentials?.kind === 'boolean' && credentials.value,
    maxAgeSeconds: age?.kind === 'number' ? age.value : null,
    privateNetwork: false,
  };
}

function maxAgeText(seconds: number, d: OptionsDialect): string {
  return d.maxAgeDuration ? goDuration(seconds) : String(seconds);
}

/** The fields of a new options literal for the policy, in the order the libraries document them. */
export function newOptionFields(policy: CorsPolicy, d: OptionsDialect): Array<{ key: string; value: string }> {
  const fields = [{ key: d.origins, value: goStrings(policy.origins) }];
  if (policy.methods.length) fields.push({ key: d.methods, value: goStrings([...d.baseMethods, ...missingFrom(d.baseMethods, policy.methods, upper)]) });
  if (policy.allowHeaders.length) fields.push({ key: d.headers, value: goStrings(policy.allowHeaders.map(canonicalHeader)) });
  if (policy.exposeHeaders.length) fields.push({ key: d.expose, value: goStrings(policy.exposeHeaders.map(canonicalHeader)) });
  if (policy.credentials) fields.push({ key: d.credentials, value: 'true' });
  if (policy.methods.length || policy.allowHeaders.length) fields.push({ key: d.maxAge, value: maxAgeText(policy.maxAgeSeconds, d) });
  return fields;
}

/** `cors.Options{...}` written new, one field per line at `indent`, gofmt-aligned. */
export function newOptionsLiteral(pkg: string, policy: CorsPolicy, d: OptionsDialect, indent: string, style: GoStyle): string {
  const fields = newOptionFields(policy, d);
  const width = Math.max(...fields.map((f) => f.key.length + 1));
  const lines = fields.map((f) => `${indent}\t${f.key}:${' '.repeat(width - f.key.length)}${f.value},`);
  return `${pkg}.${d.type}{${style.eol}${lines.join(style.eol)}${style.eol}${indent}}`;
}

export interface OptionsAmendment {
  edits: OffsetEdit[];
  what: string[];
  unfixable?: string;
  /** The edits use time.Minute (gin's MaxAge): the file must import "time". */
  needsTime?: boolean;
}

/** A slice field's literal to append to: written in the field, or a package-level `var` it names. */
function sliceLiteral(value: Node | null, root: Node): Node | null {
  if (!value) return null;
  if (value.type === 'composite_literal') return value.childForFieldName('body');
  if (value.type === 'identifier') {
    const v = packageValues(root).get(value.text);
    return v?.type === 'composite_literal' ? v.childForFieldName('body') : null;
  }
  return null;
}

/** The edits that make an options literal allow the policy. */
export function amendOptions(text: string, literal: Node, root: Node, allowed: AllowedCors, policy: CorsPolicy, d: OptionsDialect, style: GoStyle): OptionsAmendment {
  const body = literal.childForFieldName('body')!;
  const fields = keyedElements(body);
  const short = shortfall(allowed, policy);
  const set = new Map<string, string>();
  const add: Array<{ key: string; value: string }> = [];
  const remove = new Set<string>();
  const replace = new Map<string, { key: string; value: string }>();
  const outside: OffsetEdit[] = [];
  const what: string[] = [];
  const value = (key: string) => (fields.get(key) ? valueOf(fields.get(key)!) : null);
  /** Appends to the field's slice where it is written; else writes the whole list. */
  const extend = (key: string, missing: string[], whole: string[]) => {
    const v = value(key);
    const literal = sliceLiteral(v, root);
    // A named list is extended where it is declared; an empty literal is written whole.
    if (literal && (v?.type === 'identifier' || named(literal).length)) outside.push(appendElements(text, literal, missing.map(goString), style));
    else if (v) set.set(key, goStrings(whole));
    else add.push({ key, value: goStrings(whole) });
  };
  if (allowed.origins === 'computed') return { edits: [], what, unfixable: 'the allowed origins are computed or use patterns, so they cannot be amended safely' };
  if (short.origins) {
    if (Array.isArray(allowed.origins) && allowed.origins.length) {
      const missing = missingFrom(allowed.origins, policy.origins);
      extend(d.origins, missing, [...allowed.origins, ...missing]);
      what.push(`allow origin ${missing.join(', ')}`);
    } else {
      // gin refuses AllowAllOrigins beside AllowOrigins: the list takes its place.
      const allowAll = d.allowAll && fields.has(d.allowAll) ? d.allowAll : null;
      if (value(d.origins)) set.set(d.origins, goStrings(policy.origins));
      else if (allowAll) replace.set(allowAll, { key: d.origins, value: goStrings(policy.origins) });
      else add.push({ key: d.origins, value: goStrings(policy.origins) });
      if (allowAll && value(d.origins)) remove.add(allowAll);
      what.push(`allow only ${policy.origins.join(', ')} instead of *`);
    }
  }
  if (allowed.methods === 'computed' && short.methods) return { edits: [], what, unfixable: `the ${d.methods} field is computed, so it cannot be amended safely` };
  if (short.methods) {
    const current = allowed.methods as string[];
    const missing = missingFrom(current, policy.methods, upper);
    const base = value(d.methods) ? current : [...d.baseMethods, ...missingFrom(d.baseMethods, d.defaultMethods, upper)];
    extend(d.methods, missing, [...base, ...missingFrom(base, policy.methods, upper)]);
    what.push(`allow method ${missing.join(', ')}`);
  }
  if (short.allowHeaders) {
    if (!Array.isArray(allowed.allowHeaders)) return { edits: [], what, unfixable: `the ${d.headers} field is computed, so it cannot be amended safely` };
    const current = allowed.allowHeaders;
    const missing = missingFrom(current, policy.allowHeaders, lower).map(canonicalHeader);
    // A missing field means the library's defaults: listed, so none is lost.
    const written = value(d.headers) ? (goList(readGoValue(value(d.headers), root)) ?? []) : d.defaultHeaders.filter((h) => h !== 'origin').map(canonicalHeader);
    extend(d.headers, missing, [...written, ...missingFrom(written, policy.allowHeaders, lower).map(canonicalHeader)]);
    what.push(`allow request header ${missing.join(', ')}`);
  }
  if (short.credentials) {
    if (value(d.credentials)) set.set(d.credentials, 'true');
    else add.push({ key: d.credentials, value: 'true' });
    what.push('allow credentials');
  }
  if (short.privateNetwork) return { edits: [], what, unfixable: `${d.library} has no option for Private Network Access` };
  let needsTime = false;
  if ((short.methods || short.allowHeaders) && !fields.has(d.maxAge)) {
    add.push({ key: d.maxAge, value: maxAgeText(policy.maxAgeSeconds, d) });
    needsTime = d.maxAgeDuration;
  }
  const edits = [...editFields(text, body, { set, add, remove, replace }, style), ...outside];
  return { edits, what, needsTime };
}
