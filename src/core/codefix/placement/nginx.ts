// nginx: the `server` block and the `location` in it that serves the failing request,
// chosen as nginx chooses (an exact `=` match, else the longest prefix unless a regex
// matches first). CORS is `add_header` lines; the origin a literal, `$http_origin`
// (every origin echoed) or a `map $http_origin $var {…}` allow-list. Two nginx rules
// decide where the headers must be: a block with an `add_header` of its own inherits
// none from the blocks around it (so an `if` or a location with its own headers needs
// the CORS ones too), and the rewrite directives (`if`, `return`) run in the order they
// are written, so a session check written before the preflight answer refuses preflights.
import type { FrameworkPlacement, Placement, RouteTarget } from '../plugin';
import type { Project } from '../project';
import type { AllowedCors, SourceFile } from '../types';
import { positionAt } from '../edits';
import { allDirectives, argValues, childrenNamed, parseNginx, type NginxConfig, type NginxDirective } from '../nginx/tree';
import { tokenValue } from '../nginx/tokens';
import { ACAO, PREFLIGHT_HEADERS, allowedFromHeaders, isCorsHeader } from '../webserver/cors-headers';
import { indentUnit, lineBreakOf } from '../webserver/layout';

/** The variable the fix's allow-list map defines. */
export const NGINX_ORIGIN_VARIABLE = '$cors_origin';

export interface NginxHeaderBlock {
  block: NginxDirective;
  /** Its own `add_header` lines for CORS headers, by lower-case header name (the first of each). */
  headers: Map<string, NginxDirective>;
  /** Preflights get their headers from this block. */
  preflight: boolean;
}

export interface NginxOriginMap {
  directive: NginxDirective;
  file: SourceFile;
  variable: string;
  /** Origins it echoes; null when it has a regex (or another value) the fix cannot read. */
  origins: string[] | null;
}

export interface NginxStyle {
  indent: string;
  eol: string;
}

export interface NginxPlacement extends Placement {
  file: SourceFile;
  config: NginxConfig;
  server: NginxDirective;
  /** The block whose `add_header` lines serve the request (the location, or the server). */
  scope: NginxDirective;
  headerBlocks: NginxHeaderBlock[];
  /** The Access-Control-Allow-Origin line of the scope, and the map its variable comes from. */
  originHeader: NginxDirective | null;
  originMap: NginxOriginMap | null;
  /** `if ($request_method = OPTIONS) { … }` in the scope. */
  preflight: NginxDirective | null;
  /** A rewrite directive written before the preflight answer that answers on its own (a session check, a `return`). */
  refusing: NginxDirective | null;
  /** CORS lines at the server level that the location does not inherit (it has `add_header` lines of its own). */
  notInherited: NginxDirective | null;
  style: NginxStyle;
}

export function isNginxPath(path: string): boolean {
  return /\.conf$/i.test(path) || /(^|\/)(sites-available|sites-enabled)\/[^/]+$/.test(path);
}

interface NginxFile {
  file: SourceFile;
  config: NginxConfig;
}

/** The workspace's files that parse as nginx configuration with a `server` or `http` block. */
export function nginxFiles(project: Project): NginxFile[] {
  const out: NginxFile[] = [];
  for (const f of project.files) {
    if (!isNginxPath(f.path) || /(^|\/)(node_modules|\.git)\//.test(f.path)) continue;
    const config = parseNginx(f.text);
    if (config.errors.length) continue;
    if (allDirectives(config.directives).some((d) => (d.name === 'server' || d.name === 'http') && d.block)) out.push({ file: f, config });
  }
  return out;
}

export function addHeaderName(d: NginxDirective): string | null {
  return d.name === 'add_header' && d.args.length >= 2 ? tokenValue(d.args[0]).toLowerCase() : null;
}

export function ownCorsHeaders(block: NginxDirective): Map<string, NginxDirective> {
  const out = new Map<string, NginxDirective>();
  for (const c of block.block?.children ?? []) {
    const name = addHeaderName(c);
    if (name && isCorsHeader(name) && !out.has(name)) out.set(name, c);
  }
  return out;
}

function hasOwnAddHeader(block: NginxDirective): boolean {
  return childrenNamed(block, 'add_header').length > 0;
}

/** `if ($request_method = OPTIONS)` in any spelling nginx accepts (quotes, `~`, spaces). */
export function isPreflightIf(d: NginxDirective): boolean {
  if (d.name !== 'if' || !d.block) return false;
  const cond = argValues(d).join('').replace(/\s+/g, '');
  return /^\(\$request_method(=|~\*?)["']?\^?OPTIONS\$?["']?\)$/i.test(cond);
}

function answers(d: NginxDirective): boolean {
  if (d.name === 'return') return true;
  return d.name === 'if' && allDirectives(d.block?.children ?? []).some((c) => c.name === 'return');
}

/** The location nginx picks for `path` among a block's locations (nested ones followed). */
export function matchLocation(block: NginxDirective, path: string): NginxDirective | null {
  const locations = childrenNamed(block, 'location');
  let bestPrefix: { d: NginxDirective; len: number; stop: boolean } | null = null;
  for (const d of locations) {
    const [a, b] = argValues(d);
    if (a === '=' && b === path) return matchLocation(d, path) ?? d;
    const prefix = a === '^~' ? b : b === undefined && !a.startsWith('@') ? a : null;
    if (prefix !== null && prefix !== undefined && path.startsWith(prefix) && (!bestPrefix || prefix.length > bestPrefix.len)) {
      bestPrefix = { d, len: prefix.length, stop: a === '^~' };
    }
  }
  if (!bestPrefix?.stop) {
    for (const d of locations) {
      const [a, b] = argValues(d);
      if ((a !== '~' && a !== '~*') || b === undefined) continue;
      try {
        if (new RegExp(b, a === '~*' ? 'i' : '').test(path)) return matchLocation(d, path) ?? d;
      } catch {
        // A PCRE feature JavaScript lacks: this location is not ours to pick.
      }
    }
  }
  return bestPrefix ? matchLocation(bestPrefix.d, path) ?? bestPrefix.d : null;
}

function pathOf(target: RouteTarget | null): string {
  if (!target) return '/';
  try {
    return new URL(target.url, 'http://localhost').pathname;
  } catch {
    return '/';
  }
}

function detectStyle(config: NginxConfig): NginxStyle {
  const nested = allDirectives(config.directives).filter((d) => d.parent).map((d) => [d.parent!.start, d.start] as [number, number]);
  return { indent: indentUnit(config.text, nested), eol: lineBreakOf(config.text) };
}

function findOriginMap(files: NginxFile[], variable: string): NginxOriginMap | null {
  for (const { file, config } of files) {
    for (const d of allDirectives(config.directives)) {
      if (d.name !== 'map' || !d.block) continue;
      const [source, target] = argValues(d);
      if (target !== variable) continue;
      if (source !== '$http_origin') return { directive: d, file, variable, origins: null };
      const origins: string[] = [];
      let readable = true;
      for (const entry of d.block.children) {
        if (['default', 'hostnames', 'volatile'].includes(entry.name)) continue;
        const value = entry.args[0] ? tokenValue(entry.args[0]) : '';
        if (entry.name.startsWith('~') || entry.name === 'include') readable = false;
        else if (value === '$http_origin' || value === entry.name) origins.push(entry.name);
        else if (value !== '') readable = false;
      }
      return { directive: d, file, variable, origins: readable ? origins : null };
    }
  }
  return null;
}

function originsOf(value: string | undefined, map: NginxOriginMap | null): AllowedCors['origins'] {
  if (value === undefined) return [];
  const v = value.trim();
  if (v === '*') return 'any';
  if (v === '$http_origin') return 'reflect';
  if (v.startsWith('$')) return map?.origins ?? 'computed';
  return /^https?:\/\/[^\s$]+$/.test(v) ? [v] : 'computed';
}

function headerValues(blocks: NginxHeaderBlock[]): Map<string, string> {
  // Preflights read the preflight block's values; every other response the scope's (else the preflight block's).
  const main = blocks[0];
  const pre = blocks.find((b) => b.preflight) ?? main;
  const out = new Map<string, string>();
  for (const name of new Set([...main.headers.keys(), ...pre.headers.keys()])) {
    const from = PREFLIGHT_HEADERS.includes(name) ? [pre] : [main, pre];
    const d = from.map((b) => b.headers.get(name)).find(Boolean);
    if (d) out.set(name, tokenValue(d.args[1]));
  }
  return out;
}

/** The placement for one block of a configuration: the scope's header blocks, its preflight answer and what it allows. */
export function placeInScope(files: NginxFile[], at: NginxFile, server: NginxDirective, scope: NginxDirective, notInherited: NginxDirective | null): NginxPlacement {
  const children = scope.block?.children ?? [];
  const preflight = children.find(isPreflightIf) ?? null;
  const blocks: NginxHeaderBlock[] = [{ block: scope, headers: ownCorsHeaders(scope), preflight: false }];
  for (const c of children) {
    if ((c.name === 'if' || c.name === 'location') && hasOwnAddHeader(c)) blocks.push({ block: c, headers: ownCorsHeaders(c), preflight: c === preflight });
  }
  if (!blocks.some((b) => b.preflight)) blocks[0].preflight = true;
  const values = headerValues(blocks);
  const originHeader = blocks[0].headers.get(ACAO) ?? blocks.find((b) => b.headers.has(ACAO))?.headers.get(ACAO) ?? null;
  const originValue = values.get(ACAO);
  const map = originValue?.trim().startsWith('$') && originValue.trim() !== '$http_origin' ? findOriginMap(files, originValue.trim()) : null;
  const hasCors = blocks.some((b) => b.headers.has(ACAO));
  let refusing: NginxDirective | null = null;
  for (const c of children) {
    if (c === preflight) break;
    if (answers(c)) {
      refusing = c;
      break;
    }
  }
  const loc = (d: NginxDirective) => {
    const p = positionAt(at.file.text, d.start);
    return { file: at.file.path, line: p.line, character: p.character };
  };
  return {
    framework: 'nginx',
    app: loc(server),
    cors: originHeader ? loc(originHeader) : null,
    allowed: hasCors ? allowedFromHeaders(values, originsOf(originValue, map)) : null,
    route: scope !== server ? loc(scope) : null,
    file: at.file,
    config: at.config,
    server,
    scope,
    headerBlocks: blocks,
    originHeader,
    originMap: map,
    preflight,
    refusing,
    notInherited,
    style: detectStyle(at.config),
  };
}

function servers(config: NginxConfig): NginxDirective[] {
  return allDirectives(config.directives).filter((d) => d.name === 'server' && d.block && (!d.parent || d.parent.name === 'http'));
}

export const nginxPlacement: FrameworkPlacement<NginxPlacement> = {
  framework: 'nginx',
  language: 'nginx',
  wantsFile: isNginxPath,
  detect(project) {
    const files = nginxFiles(project);
    if (!files.length) return 0;
    // Where add_header already sends CORS is where the fix belongs; a config without it ranks below the app's own code.
    const cors = files.some(({ config }) => allDirectives(config.directives).some((d) => addHeaderName(d)?.startsWith('access-control-')));
    return cors ? 12 : files.some(({ config }) => servers(config).length) ? 4 : 0;
  },
  locate(project, target) {
    const files = nginxFiles(project);
    const path = pathOf(target);
    const candidates = files.flatMap((f) => servers(f.config).map((server) => ({ f, server, location: matchLocation(server, path) })));
    if (!candidates.length) return { unfixable: 'no nginx `server { … }` block found' };
    const chosen = candidates.find((c) => c.location) ?? candidates[0];
    const { f, server, location } = chosen;
    const serverCors = ownCorsHeaders(server).has(ACAO);
    const locationCors = location && [location, ...(location.block?.children ?? [])].some((b) => ownCorsHeaders(b).has(ACAO));
    let scope: NginxDirective = location ?? server;
    let notInherited: NginxDirective | null = null;
    if (location && !locationCors && serverCors) {
      // The server's headers reach the location only while it has no add_header of its own.
      if (hasOwnAddHeader(location)) notInherited = ownCorsHeaders(server).get(ACAO)!;
      else scope = server;
    }
    return placeInScope(files, f, server, scope, notInherited);
  },
};

export type { NginxFile };
