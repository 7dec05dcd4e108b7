// What an origin check written as a pattern really accepts: a regular expression
// (anchors, unescaped dots, wildcard subdomains) or a string method on the
// request's Origin (startsWith, endsWith, includes, indexOf).
import { trustSeverity } from '../catalog';
import type { FindingId, Severity } from '../types';

export interface PatternFlaw {
  id: Extract<FindingId, 'lookalike-origin-allowed' | 'any-subdomain-allowed' | 'any-origin-reflected'>;
  /** Why, with an origin that gets through. */
  reason: string;
}

/** Reads a regex source: whether it is anchored, and its unescaped dots outside character classes. */
function scanRegex(source: string): { start: boolean; end: boolean; looseDots: number; wildcardLabel: boolean } {
  let looseDots = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '.' && source[i + 1] !== '*' && source[i + 1] !== '+') looseDots++;
  }
  // A label of any letters before an escaped dot: ([a-z0-9-]+\.)*, .*\., [^.]+\., \w+\.
  const wildcardLabel = /(\.\*|\.\+|\]\+|\]\*|\)\*|\)\+|\)\?|\\[wdS][+*])\\\./.test(source) || /^\^?https?\??:\/\/\(?\.\*/.test(source);
  return {
    start: source.startsWith('^'),
    end: source.endsWith('$') && !source.endsWith('\\$'),
    looseDots,
    wildcardLabel,
  };
}

/**
 * How the library applies the pattern: Python's re.match anchors it at the start
 * (Flask-CORS, django-cors-headers), re.fullmatch at both ends (Starlette); JavaScript's
 * RegExp.test at neither.
 */
export interface RegexAnchoring {
  start: boolean;
  end: boolean;
}

const UNANCHORED: RegexAnchoring = { start: false, end: false };

export function regexFlaws(source: string, implicit: RegexAnchoring = UNANCHORED): PatternFlaw[] {
  if (/^\^?(\(\?:)?(https\??|http)?(:|\\:)?(\/\/|\\\/\\\/)?\)?(\.\*|\.\+)\$?$/.test(source) || /^\^?(\.\*|\.\+)\$?$/.test(source)) {
    return [{ id: 'any-origin-reflected', reason: `/${source}/ matches every origin` }];
  }
  const s = scanRegex(source);
  const out: PatternFlaw[] = [];
  // A pattern that begins with the scheme can only match at the start of an origin anyway.
  const scheme = /^\(?(https\??|http)(:|\\:)(\/\/|\\\/\\\/)/.test(source);
  if (!s.start && !scheme && !implicit.start) out.push({ id: 'lookalike-origin-allowed', reason: `/${source}/ has no ^, so a longer host that ends the same way (evil + your host) passes` });
  if (!s.end && !implicit.end) out.push({ id: 'lookalike-origin-allowed', reason: `/${source}/ has no $, so https://your-origin.evil.example passes` });
  // `.*` not followed by an escaped dot runs into the next label: .*example\.com accepts evilexample.com.
  if (/(^|[^\\])\.[*+](?!\\\.)(?!\$?$)/.test(source)) out.push({ id: 'lookalike-origin-allowed', reason: `/${source}/ lets ".*" run into the domain name, so look-alikes such as evil + your domain pass` });
  if (s.looseDots > 0) out.push({ id: 'lookalike-origin-allowed', reason: `/${source}/ has an unescaped ".", which matches any character (appxexample.com passes for app.example.com)` });
  if (s.wildcardLabel && out.length === 0) out.push({ id: 'any-subdomain-allowed', reason: `/${source}/ accepts every subdomain` });
  return out;
}

/** `origin.<method>(literal)` on the request's Origin. */
export function stringCheckFlaw(method: string, literal: string): PatternFlaw | null {
  switch (method) {
    case 'endsWith':
      return literal.startsWith('.')
        ? { id: 'any-subdomain-allowed', reason: `endsWith('${literal}') accepts every subdomain` }
        : { id: 'lookalike-origin-allowed', reason: `endsWith('${literal}') also accepts https://evil${literal.replace(/^https?:\/\//, '')}` };
    case 'startsWith':
      return { id: 'lookalike-origin-allowed', reason: `startsWith('${literal}') also accepts ${literal.replace(/\/$/, '')}.evil.example` };
    case 'includes':
    case 'indexOf':
    case 'search':
    case 'match':
      return { id: 'lookalike-origin-allowed', reason: `${method}('${literal}') is a substring test: https://${literal.replace(/^https?:\/\//, '')}.evil.example passes` };
    default:
      return null;
  }
}

/**
 * One finding per kind of flaw, with its severity: a look-alike or "null" is a foreign
 * site, a subdomain needs one of yours; "matches everything" matters with credentials only.
 */
export function rankedFlaws(flaws: PatternFlaw[], credentials: boolean): Array<PatternFlaw & { severity: Severity }> {
  const out: Array<PatternFlaw & { severity: Severity }> = [];
  for (const f of flaws) {
    if (out.some((o) => o.id === f.id) || (f.id === 'any-origin-reflected' && !credentials)) continue;
    out.push({ ...f, severity: trustSeverity(credentials, false, f.id !== 'any-subdomain-allowed') });
  }
  return out;
}
