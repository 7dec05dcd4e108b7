// The words for each finding id: what an attacker gains and the fix. Titles are
// built where the evidence is known; this is what stays the same.
import type { FindingId, Severity } from './types';

interface Entry {
  /** What an attacker gains, for the severity the finding was given. */
  gain: Record<Severity, string>;
  fix: string;
}

const CREDENTIALED_READ = 'any web page the user visits can read these responses with the user\'s cookies (their data, CSRF tokens, API keys)';

export const CATALOG: Record<FindingId, Entry> = {
  'any-origin-reflected': {
    gain: {
      high: `The server echoes whatever Origin it is sent and allows credentials: ${CREDENTIALED_READ}.`,
      medium: 'The server echoes whatever Origin it is sent: any page can send credentialed requests that need a preflight (PUT, DELETE, JSON bodies) with the user\'s cookies.',
      low: 'The server echoes whatever Origin it is sent, without credentials: any page can read these responses, as with "*". Fine for public data only.',
    },
    fix: 'Compare the Origin with an exact allow-list of your front-end origins and only then echo it (with Vary: Origin).',
  },
  'null-origin-allowed': {
    gain: {
      high: `The server trusts the origin "null", which any site can produce with a sandboxed iframe: ${CREDENTIALED_READ}.`,
      medium: 'The server trusts the origin "null": any site can send credentialed requests that need a preflight from a sandboxed iframe.',
      low: 'The server trusts the origin "null" without credentials: any page can read these responses from a sandboxed iframe.',
    },
    fix: 'Remove "null" from the allowed origins; never echo an Origin of "null".',
  },
  'lookalike-origin-allowed': {
    gain: {
      high: `The origin check is a substring, prefix, suffix or unescaped-regex match, so a look-alike domain anyone can register passes: ${CREDENTIALED_READ}.`,
      medium: 'The origin check is a substring, prefix, suffix or unescaped-regex match: a look-alike name under your own domain, or a credentialed preflighted request from one, passes.',
      low: 'The origin check is a substring, prefix, suffix or unescaped-regex match; without credentials, a look-alike page can only read what is public anyway.',
    },
    fix: 'Compare whole origins for equality against an allow-list (or anchor the regex with ^ and $ and escape every dot).',
  },
  'insecure-scheme-allowed': {
    gain: {
      high: 'The server trusts the plain-http version of your origin: anyone on the network path can inject a script into that page and read responses with the user\'s cookies.',
      medium: 'The server trusts the plain-http version of your origin: anyone on the network path (public Wi-Fi, a hostile proxy) can inject a script into that page and read responses with the user\'s cookies.',
      low: 'The server trusts the plain-http version of your origin, without credentials.',
    },
    fix: 'Allow only https:// origins for an https:// API.',
  },
  'any-subdomain-allowed': {
    gain: {
      high: `The server trusts every subdomain: ${CREDENTIALED_READ} once one subdomain is taken over.`,
      medium: 'The server trusts every subdomain: one forgotten, taken-over or XSS-prone subdomain can read responses with the user\'s cookies.',
      low: 'The server trusts every subdomain, without credentials.',
    },
    fix: 'List the subdomains that really host your front end instead of a wildcard or suffix match.',
  },
  'missing-vary-origin': {
    gain: {
      high: 'The allowed origin depends on the request but the response has no Vary: Origin.',
      medium: 'The allowed origin depends on the request but the response has no Vary: Origin: a shared cache or CDN can serve one origin\'s answer to another, so an attacker can poison it to break your app, or get a response allowed for someone else.',
      low: 'The allowed origin depends on the request but the response has no Vary: Origin.',
    },
    fix: 'Send Vary: Origin on every response whose Access-Control-Allow-Origin depends on the request (also on those without it).',
  },
  'wildcard-with-cookies': {
    gain: {
      high: 'The response allows every origin with "*" and sets a cookie.',
      medium: 'The response allows every origin with "*" and sets a cookie: any page can read what comes with the new session (tokens, ids in the body), and credentialed requests from your own app fail.',
      low: 'The response allows every origin with "*" and sets a cookie.',
    },
    fix: 'Name your front-end origins instead of "*" on responses that set cookies (and send Access-Control-Allow-Credentials: true if the app needs the cookie).',
  },
  'private-network-any-origin': {
    gain: {
      high: `The server lets any public site into the private network (Access-Control-Allow-Private-Network: true) and allows credentials: ${CREDENTIALED_READ}, from inside your network.`,
      medium: 'The server lets any public site into the private network (Access-Control-Allow-Private-Network: true for any origin): any page the user visits can reach and read this server from inside their network.',
      low: 'The server grants Private Network Access to any origin.',
    },
    fix: 'Grant Access-Control-Allow-Private-Network only to the exact origins of your front end.',
  },
  'overly-broad-allow-headers': {
    gain: {
      high: 'Access-Control-Allow-Headers allows far more than the app uses.',
      medium: 'Access-Control-Allow-Headers allows far more than the app uses.',
      low: 'Access-Control-Allow-Headers allows far more request headers than the app uses ("*" or every header asked for): any bug behind an unexpected header is reachable cross-origin.',
    },
    fix: 'List the request headers your front end sends (e.g. Content-Type, Authorization) instead of "*" or echoing Access-Control-Request-Headers.',
  },
  'overly-broad-allow-methods': {
    gain: {
      high: 'Access-Control-Allow-Methods allows far more than the app uses.',
      medium: 'Access-Control-Allow-Methods allows far more than the app uses.',
      low: 'Access-Control-Allow-Methods allows far more methods than the app uses: every route that answers them (DELETE, PATCH, ...) becomes callable cross-origin.',
    },
    fix: 'List only the methods your front end calls.',
  },
};

/** The severity of an origin the server trusts: what reading it takes. */
export function trustSeverity(credentialedRead: boolean, credentialedWrite: boolean, foreign: boolean): Severity {
  if (credentialedRead) return foreign ? 'high' : 'medium';
  if (credentialedWrite) return 'medium';
  return 'low';
}
