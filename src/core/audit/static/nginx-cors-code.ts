// Static findings in nginx configuration, read with the quick fixes' nginx tokenizer:
// `add_header Access-Control-Allow-Origin $http_origin` echoes every Origin (high
// when the same block, or the location around it, also allows credentials), a
// `map $http_origin $var` whose regex entries let look-alikes in, and the quick fix
// that turns that block into an exact allow-list with the nginx generator.
import { rangeOf } from '../../codefix/edits';
import { nginxEdits } from '../../codefix/generators/nginx';
import { allDirectives, parseNginx, type NginxConfig, type NginxDirective } from '../../codefix/nginx/tree';
import { tokenValue } from '../../codefix/nginx/tokens';
import { addHeaderName, isNginxPath, ownCorsHeaders, placeInScope } from '../../codefix/placement/nginx';
import type { CorsPolicy, SourceFile, TextEdit } from '../../codefix/types';
import { ACAC, ACAO } from '../../codefix/webserver/cors-headers';
import { CATALOG, trustSeverity } from '../catalog';
import type { FindingId, Severity } from '../types';
import { regexFlaws, type PatternFlaw } from './origin-pattern';
import type { StaticSite } from './js-cors-code';
import type { StaticFinding } from './types';

export { isNginxPath };

/** Whether the block, or the block whose headers it would otherwise share, allows credentials. */
function allowsCredentials(block: NginxDirective): boolean {
  for (let b: NginxDirective | null = block; b; b = b.parent) {
    const own = ownCorsHeaders(b);
    const cred = own.get(ACAC);
    if (cred) return tokenValue(cred.args[1]).trim().toLowerCase() === 'true';
    // A block with add_header lines of its own inherits none from outside.
    if (own.size || (b.block?.children ?? []).some((c) => c.name === 'add_header')) return false;
  }
  return false;
}

function parsed(file: SourceFile): NginxConfig | null {
  if (!isNginxPath(file.path) || !/access-control-allow-origin/i.test(file.text)) return null;
  const config = parseNginx(file.text);
  return config.errors.length ? null : config;
}

export function analyzeNginx(file: SourceFile): { findings: StaticFinding[]; sites: StaticSite[] } {
  const config = parsed(file);
  if (!config) return { findings: [], sites: [] };
  const findings: StaticFinding[] = [];
  const sites: StaticSite[] = [];
  for (const d of allDirectives(config.directives)) {
    if (addHeaderName(d) !== ACAO || !d.parent) continue;
    const range = rangeOf(file.text, d.start, d.end);
    sites.push({ file: file.path, range });
    const value = tokenValue(d.args[1]);
    const credentials = allowsCredentials(d.parent);
    const add = (id: FindingId, severity: Severity, title: string) => findings.push({
      id,
      severity,
      title,
      detail: CATALOG[id].gain[severity],
      fix: 'Send Access-Control-Allow-Origin only for an exact allow-list: `map $http_origin $cors_origin { default ""; "https://app.example.com" $http_origin; }` and `add_header Access-Control-Allow-Origin $cors_origin always;` (with `add_header Vary Origin always;`).',
      file: file.path,
      range,
      repair: { kind: 'nginx-allow-list', start: d.start, end: d.end },
      credentials,
    });
    if (/\$(\{http_origin\}|http_origin\b)/.test(value)) {
      add('any-origin-reflected', credentials ? 'high' : 'low', `add_header Access-Control-Allow-Origin ${value} echoes every Origin${credentials ? ', with Access-Control-Allow-Credentials: true' : ''}`);
      continue;
    }
    const seen = new Set<string>();
    for (const flaw of mapFlaws(config, value.trim())) {
      if (seen.has(flaw.id) || (flaw.id === 'any-origin-reflected' && !credentials)) continue;
      seen.add(flaw.id);
      const severity = flaw.id === 'any-subdomain-allowed' ? trustSeverity(credentials, false, false) : trustSeverity(credentials, false, true);
      add(flaw.id, severity, `Origin check is too loose (map ${value.trim()}): ${flaw.reason}`);
    }
  }
  return { findings, sites };
}

/** The pattern flaws of the regex entries of `map $http_origin <variable>` that pass the Origin on. */
function mapFlaws(config: NginxConfig, variable: string): PatternFlaw[] {
  if (!/^\$\w+$/.test(variable)) return [];
  const map = allDirectives(config.directives).find((m) => m.name === 'map' && m.block && m.args.length === 2 && tokenValue(m.args[0]) === '$http_origin' && tokenValue(m.args[1]) === variable);
  const flaws: PatternFlaw[] = [];
  for (const entry of map?.block?.children ?? []) {
    const value = entry.args[0] ? tokenValue(entry.args[0]) : '';
    if (!entry.name.startsWith('~') || value === '' || value === '""') continue;
    flaws.push(...regexFlaws(entry.name.replace(/^~\*?/, '')));
  }
  return flaws;
}

/** The edits that make the finding's block (and the blocks of its location) name exactly `origins`, or why not. */
export function nginxAllowListEdits(file: SourceFile, at: number, origins: string[], credentials: boolean): TextEdit[] | { refused: string } {
  const config = parsed(file);
  const header = config && allDirectives(config.directives).find((d) => d.start === at);
  if (!config || !header?.parent) return { refused: 'the nginx configuration changed: analyze it again' };
  // The block the headers belong to: an `if` shares its location's allow-list.
  const scope = header.parent.name === 'if' && header.parent.parent ? header.parent.parent : header.parent;
  let server: NginxDirective | null = scope;
  while (server && server.name !== 'server') server = server.parent;
  if (!server) return { refused: 'this add_header is not inside a server block, so there is no place for the allow-list map' };
  const placement = placeInScope([{ file, config }], { file, config }, server, scope, null);
  const policy: CorsPolicy = { origins, methods: [], allowHeaders: [], exposeHeaders: [], credentials, maxAgeSeconds: 600, privateNetwork: false, varyOrigin: true };
  const { edits } = nginxEdits(placement, policy, { preflight: false });
  return edits.map((e) => ({ file: file.path, range: rangeOf(file.text, e.start, e.end), newText: e.text }));
}
