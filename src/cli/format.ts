// How one exchange reads on a terminal: a mark, the request, the status and,
// when the browser objects, the CORS error, a one-sentence reason and the fix.
import { isProxyAnswer } from '../core/exchange/proxy-answer';
import type { HeaderChange } from '../core/cors/types';
import type { ExchangeRecord } from '../core/exchange/types';

export interface Style {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const plain = (s: string) => s;

export function makeStyle(color: boolean): Style {
  return color
    ? { red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22) }
    : { red: plain, green: plain, yellow: plain, dim: plain, bold: plain };
}

/** Colour only on a terminal, and never when NO_COLOR is set to anything non-empty (no-color.org). */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  return Boolean(stream.isTTY);
}

export function mark(record: ExchangeRecord, style: Style): string {
  switch (record.cors.verdict) {
    case 'pass':
      return style.green('✓');
    case 'fail':
      return style.red('✗');
    case 'warn':
      return style.yellow('⚠');
    default:
      return style.dim('·');
  }
}

/** The path and query of an absolute URL as the proxy recorded it (no parsing: this runs per exchange). */
export function pathAndQueryOf(url: string): string {
  const scheme = url.indexOf('://');
  if (scheme <= 0) return url;
  const hash = url.indexOf('#');
  const end = hash < 0 ? url.length : hash;
  for (let i = scheme + 3; i < end; i++) {
    const c = url.charCodeAt(i);
    if (c === 0x2f /* / */) return url.slice(i, end);
    if (c === 0x3f /* ? */) return `/${url.slice(i, end)}`;
  }
  return '/';
}

/** The first sentence of the explanation (or Chromium's message), kept to one terminal line. */
export function shortReason(record: ExchangeRecord): string {
  const text = (record.cors.explanation || record.cors.message || record.cors.warnings[0] || '').replace(/\s+/g, ' ').trim();
  const sentence = /^(.+?[.!?])(\s|$)/.exec(text)?.[1] ?? text;
  return sentence.length > 200 ? `${sentence.slice(0, 197)}...` : sentence;
}

/** One header change in words: `send "Access-Control-Allow-Origin: x" on the response`. */
export function describeChange(change: HeaderChange): string {
  const what = change.action === 'set' ? `send "${change.header}: ${change.value ?? ''}"` : `remove "${change.header}"`;
  return `${what} on the ${change.on === 'preflight' ? 'preflight response' : 'response'}`;
}

/** The whole fix on one line ("" when there is none). */
export function oneLineFix(record: ExchangeRecord): string {
  return record.cors.fix.map(describeChange).join('; ');
}

/**
 * Why there is no response, said once: the proxy's message already names the
 * code when it describes an upstream failure, so the code is not repeated.
 */
export function noResponseReason(error: { code: string; message: string } | null): string {
  if (!error) return 'ERR no response';
  if (!error.message) return `ERR ${error.code}`;
  return error.message.includes(error.code) ? error.message : `ERR ${error.code}: ${error.message}`;
}

export interface FormatOptions {
  /** Show scheme and host too (forward mode, where requests go to many hosts). */
  fullUrl?: boolean;
  /** Append the fix ("fix: send …"): the live proxy line, where no details follow. */
  withFix?: boolean;
}

export function formatExchange(record: ExchangeRecord, style: Style, options: FormatOptions = {}): string {
  const where = options.fullUrl ? record.request.url : pathAndQueryOf(record.request.url);
  const parts = [mark(record, style), record.request.method.padEnd(7), where, style.dim('→')];
  if (!record.response) {
    // A network failure: the browser sees no CORS error, only that nothing came back.
    parts.push(style.red(noResponseReason(record.error)));
    return parts.join(' ');
  }
  parts.push(String(record.response.status));
  if (record.error) {
    // The proxy's own answer (an unreadable request) is not a response that broke off.
    const ownAnswer = isProxyAnswer(record.response.headers);
    parts.push(style.yellow(`(${ownAnswer ? 'refused by the proxy' : 'incomplete'}: ${record.error.code})`));
  }
  // What the proxy changed on the way: said, never counted as a failure.
  if (record.notices) parts.push(style.dim(`(${record.notices.map((n) => n.code).join(', ')})`));
  if (record.preflightCached) parts.push(style.dim('(preflight cached)'));
  const { verdict, corsError } = record.cors;
  if (verdict === 'fail' || verdict === 'warn') {
    const paint = verdict === 'fail' ? style.red : style.yellow;
    if (corsError) parts.push(paint(style.bold(corsError)));
    const reason = shortReason(record);
    if (reason) parts.push(reason);
    const fix = options.withFix ? oneLineFix(record) : '';
    if (fix) parts.push(`${style.dim('fix:')} ${fix}`);
  }
  return parts.join(' ');
}
