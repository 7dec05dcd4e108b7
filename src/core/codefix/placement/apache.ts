// Apache httpd: the <VirtualHost> that serves the API (or the server config, or an
// .htaccess). CORS is `Header [always] set …` lines (mod_headers); the origin a literal,
// or an environment variable that `SetEnvIf Origin "^…$" VAR=$0` lines set for each
// allowed origin; the preflight answered by mod_rewrite
// (`RewriteCond %{REQUEST_METHOD} OPTIONS` + `RewriteRule ^ - [R=204,L]`). mod_rewrite
// runs its rules in order, so a rule that answers first (a session check) refuses preflights.
import type { FrameworkPlacement, Placement } from '../plugin';
import type { Project } from '../project';
import type { AllowedCors, SourceFile, SourceLocation } from '../types';
import { positionAt } from '../edits';
import { apacheValue, type ApacheToken } from '../apache/tokens';
import { allApacheDirectives, apacheArgs, isDirective, parseApache, type ApacheConfig, type ApacheDirective } from '../apache/tree';
import { ACAO, allowedFromHeaders, isCorsHeader } from '../webserver/cors-headers';
import { indentUnit, lineBreakOf } from '../webserver/layout';

/** The environment variable the fix's allow-list sets. */
export const APACHE_ORIGIN_VARIABLE = 'CORS_ORIGIN';

/** Directives that say a file is Apache configuration. */
const APACHE_MARKERS = ['virtualhost', 'loadmodule', 'serverroot', 'documentroot', 'proxypass', 'header', 'rewriteengine', 'setenvif', 'directory', 'location', 'ifmodule'];
const VALUE_ACTIONS = ['set', 'append', 'merge', 'add', 'setifempty'];

export interface ApacheHeaderLine {
  directive: ApacheDirective;
  /** `always` or `onsuccess`, when written. */
  condition: ApacheToken | null;
  action: ApacheToken;
  value: ApacheToken;
}

export interface ApacheOriginEnv {
  variable: string;
  /** The `SetEnvIf Origin … VAR=$0` lines, in order. */
  lines: ApacheDirective[];
  /** Origins they match exactly; 'reflect' for a match-anything; null when a pattern is not one exact origin. */
  origins: string[] | 'reflect' | null;
}

export interface ApacheRule {
  /** The RewriteCond lines right above the rule, then the rule. */
  conds: ApacheDirective[];
  rule: ApacheDirective;
}

export interface ApacheStyle {
  indent: string;
  eol: string;
}

export interface ApachePlacement extends Placement {
  file: SourceFile;
  config: ApacheConfig;
  /** The <VirtualHost>; null: the file's top level (server config, .htaccess). */
  scope: ApacheDirective | null;
  headers: Map<string, ApacheHeaderLine>;
  originEnv: ApacheOriginEnv | null;
  preflight: ApacheRule | null;
  /** A rewrite rule before the preflight answer that answers on its own (a session check). */
  refusing: ApacheRule | null;
  rewriteEngine: ApacheDirective | null;
  style: ApacheStyle;
}

export function isApachePath(path: string): boolean {
  return /\.conf$/i.test(path) || /(^|\/)\.htaccess$/.test(path) || /(^|\/)(sites-available|sites-enabled)\/[^/]+$/.test(path);
}

interface ApacheFile {
  file: SourceFile;
  config: ApacheConfig;
}

export function apacheFiles(project: Project): ApacheFile[] {
  const out: ApacheFile[] = [];
  for (const f of project.files) {
    if (!isApachePath(f.path) || /(^|\/)(node_modules|\.git)\//.test(f.path)) continue;
    const config = parseApache(f.text);
    if (config.errors.length) continue;
    const all = allApacheDirectives(config.directives);
    // nginx's `server {` or `location / {` lines would read as directives with a `{` argument.
    if (all.some((d) => d.args.some((a) => a.text === '{' || a.text === '}' || a.text.endsWith(';')))) continue;
    if (f.path.endsWith('.htaccess') || all.some((d) => APACHE_MARKERS.includes(d.name.toLowerCase()))) out.push({ file: f, config });
  }
  return out;
}

/** A `Header` line that sets a header with a value: its parts. */
export function headerLine(d: ApacheDirective): (ApacheHeaderLine & { name: string }) | null {
  if (!isDirective(d, 'Header')) return null;
  let i = 0;
  const first = d.args[0] ? apacheValue(d.args[0]).toLowerCase() : '';
  const condition = first === 'always' || first === 'onsuccess' ? d.args[i++] : null;
  const action = d.args[i++];
  const name = d.args[i++];
  const value = d.args[i];
  if (!action || !name || !value || !VALUE_ACTIONS.includes(apacheValue(action).toLowerCase())) return null;
  return { directive: d, condition, action, value, name: apacheValue(name).toLowerCase() };
}

function childrenOf(config: ApacheConfig, scope: ApacheDirective | null): ApacheDirective[] {
  return scope ? scope.section!.children : config.directives;
}

/** The RewriteRules of a list, each with the RewriteCond lines right above it. */
export function rewriteRules(children: ApacheDirective[]): ApacheRule[] {
  const out: ApacheRule[] = [];
  let conds: ApacheDirective[] = [];
  for (const d of children) {
    if (isDirective(d, 'RewriteCond')) conds.push(d);
    else if (isDirective(d, 'RewriteRule')) {
      out.push({ conds, rule: d });
      conds = [];
    } else conds = [];
  }
  return out;
}

function flagsOf(rule: ApacheDirective): string[] {
  const args = apacheArgs(rule);
  const last = args[args.length - 1] ?? '';
  return args.length >= 3 && /^\[.*\]$/.test(last) ? last.slice(1, -1).split(',').map((f) => f.trim().toLowerCase()) : [];
}

export function isPreflightRule(r: ApacheRule): boolean {
  const method = r.conds.some((c) => {
    const [test, pattern] = apacheArgs(c);
    return test === '%{REQUEST_METHOD}' && /^\^?OPTIONS\$?$/i.test(pattern ?? '');
  });
  return method && flagsOf(r.rule).some((f) => /^r=(200|204)$/.test(f));
}

function answers(r: ApacheRule): boolean {
  return flagsOf(r.rule).some((f) => /^r(=\d+)?$/.test(f) || f === 'f' || f === 'forbidden' || f === 'g' || f === 'gone' || f.startsWith('redirect'));
}

/** The origin an anchored, escaped regex matches exactly, or null when it matches more. */
export function exactOriginOf(regex: string): string | null {
  const m = /^\^(.*)\$$/.exec(regex);
  if (!m) return null;
  const body = m[1];
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' && i + 1 < body.length) out += body[++i];
    else if (/[.*+?()[\]{}|^$]/.test(c)) return null;
    else out += c;
  }
  return /^https?:\/\/[^/\s]+$/.test(out) ? out : null;
}

/** `SetEnvIf Origin <regex> VAR=$0` (or =$1 with a group) lines of a list that set `variable`. */
function originEnvOf(all: ApacheDirective[], variable: string): ApacheOriginEnv {
  const lines = all.filter((d) => {
    if (!isDirective(d, 'SetEnvIf') && !isDirective(d, 'SetEnvIfNoCase')) return false;
    const [attr, , ...sets] = apacheArgs(d);
    return attr?.toLowerCase() === 'origin' && sets.some((s) => s.split('=')[0] === variable);
  });
  let origins: string[] | 'reflect' | null = [];
  for (const d of lines) {
    const [, regex] = apacheArgs(d);
    if (/^\^?\(?\.[*+]\)?\$?$/.test(regex ?? '')) {
      origins = 'reflect';
      break;
    }
    const exact = exactOriginOf(regex ?? '');
    if (!exact) {
      origins = null;
      break;
    }
    origins.push(exact);
  }
  return { variable, lines, origins };
}

function originsOf(value: string | undefined, env: ApacheOriginEnv | null): AllowedCors['origins'] {
  if (value === undefined) return [];
  const v = value.trim();
  if (v === '*') return 'any';
  if (/%\{(req|http):origin\}/i.test(v)) return 'reflect';
  if (env) return env.origins ?? 'computed';
  return /^https?:\/\/[^\s%]+$/.test(v) ? [v] : 'computed';
}

function detectStyle(config: ApacheConfig): ApacheStyle {
  const nested = allApacheDirectives(config.directives).filter((d) => d.parent).map((d) => [d.parent!.start, d.start] as [number, number]);
  return { indent: indentUnit(config.text, nested), eol: lineBreakOf(config.text) };
}

/** The placement in one scope of one file. */
export function placeApacheScope(at: ApacheFile, scope: ApacheDirective | null): ApachePlacement {
  const children = childrenOf(at.config, scope);
  const headers = new Map<string, ApacheHeaderLine>();
  for (const d of children) {
    const h = headerLine(d);
    if (h && isCorsHeader(h.name) && !headers.has(h.name)) headers.set(h.name, h);
  }
  const values = new Map([...headers].map(([n, h]) => [n, apacheValue(h.value)] as const));
  const acao = headers.get(ACAO);
  const envVar = acao ? /^%\{(\w+)\}e$/.exec(apacheValue(acao.value).trim())?.[1] : undefined;
  const originEnv = envVar ? originEnvOf(allApacheDirectives(at.config.directives), envVar) : null;
  const rules = rewriteRules(children);
  const preflight = rules.find(isPreflightRule) ?? null;
  let refusing: ApacheRule | null = null;
  for (const r of rules) {
    if (r === preflight) break;
    if (answers(r)) {
      refusing = r;
      break;
    }
  }
  const loc = (offset: number): SourceLocation => {
    const p = positionAt(at.file.text, offset);
    return { file: at.file.path, line: p.line, character: p.character };
  };
  return {
    framework: 'apache',
    app: loc(scope?.start ?? 0),
    cors: acao ? loc(acao.directive.start) : null,
    allowed: acao ? allowedFromHeaders(values, originsOf(values.get(ACAO), originEnv)) : null,
    route: null,
    file: at.file,
    config: at.config,
    scope,
    headers,
    originEnv,
    preflight,
    refusing,
    rewriteEngine: children.find((d) => isDirective(d, 'RewriteEngine')) ?? null,
    style: detectStyle(at.config),
  };
}

export const apachePlacement: FrameworkPlacement<ApachePlacement> = {
  framework: 'apache',
  language: 'apache',
  wantsFile: isApachePath,
  detect(project) {
    const files = apacheFiles(project);
    if (!files.length) return 0;
    const cors = files.some(({ config }) => allApacheDirectives(config.directives).some((d) => headerLine(d)?.name.startsWith('access-control-')));
    return cors ? 12 : 4;
  },
  locate(project) {
    const files = apacheFiles(project);
    // The file and virtual host that already send CORS, else the first virtual host that proxies or serves something.
    const scopes = files.flatMap((f) => [
      ...allApacheDirectives(f.config.directives).filter((d) => isDirective(d, 'VirtualHost')).map((v) => ({ f, scope: v as ApacheDirective | null })),
      { f, scope: null as ApacheDirective | null },
    ]);
    if (!scopes.length) return { unfixable: 'no Apache configuration found (httpd.conf, a <VirtualHost> file or .htaccess)' };
    const placed = scopes.map(({ f, scope }) => placeApacheScope(f, scope));
    const withCors = placed.find((p) => p.headers.has(ACAO));
    const vhost = placed.find((p) => p.scope);
    return withCors ?? vhost ?? placed[0];
  },
};
