// What the recorder has seen about credentials between each page origin and each
// server: a request that carried cookies, a response that allowed credentials or set
// a cookie. The engine reads it to tell a credentials-only failure that deserves a
// warning from one that is only a hint (see src/core/cors/credential-evidence.ts).
// Entries are replaced, never changed, so a flow keeps the snapshot it was judged with
// and the judgement cache can compare snapshots by identity.
import type { CredentialEvidence } from '../cors/types';
import type { HeaderList } from '../http/types';
import { headerValue } from './records';
import type { ExchangeRecord } from './types';

/** Page origin × server pairs kept; past it the book starts over (evidence is a hint, not a record). */
const MAX_ENTRIES = 1024;

/** scheme://host[:port] of an absolute URL, without parsing it. */
function serverOf(url: string): string {
  const start = url.indexOf('://');
  if (start < 0) return url;
  let end = start + 3;
  while (end < url.length && url[end] !== '/' && url[end] !== '?' && url[end] !== '#') end++;
  return url.slice(0, end);
}

/** "GET /api/profile": where a piece of evidence was seen (no query, it may hold secrets). */
function labelOf(record: ExchangeRecord): string {
  const url = record.request.url;
  const rest = url.slice(serverOf(url).length);
  const cut = rest.search(/[?#]/);
  const path = cut < 0 ? rest : rest.slice(0, cut);
  return `${record.request.method.toUpperCase()} ${path || '/'}`;
}

function has(headers: HeaderList, lowerName: string): boolean {
  for (let i = 0; i < headers.length; i++) {
    const n = headers[i][0];
    if (n.length === lowerName.length && n.toLowerCase() === lowerName) return true;
  }
  return false;
}

export class CredentialEvidenceBook {
  private readonly byPage = new Map<string, Map<string, CredentialEvidence>>();
  private entries = 0;

  /** What was seen so far between this record's page origin and its server. */
  before(record: ExchangeRecord): CredentialEvidence | undefined {
    if (this.entries === 0) return undefined;
    const origin = headerValue(record.request.headers, 'origin');
    if (origin === null) return undefined;
    return this.byPage.get(origin)?.get(serverOf(record.request.url));
  }

  /** Folds one exchange in. */
  note(record: ExchangeRecord): void {
    const cookie = has(record.request.headers, 'cookie');
    const response = record.response;
    const allow = response !== null && headerValue(response.headers, 'access-control-allow-credentials')?.trim() === 'true';
    const setCookie = response !== null && has(response.headers, 'set-cookie');
    if (!cookie && !allow && !setCookie) return;
    const origin = headerValue(record.request.headers, 'origin');
    if (origin === null) return;
    const server = serverOf(record.request.url);
    let servers = this.byPage.get(origin);
    const old = servers?.get(server);
    // Only the first sighting of each kind is named: later ones change nothing.
    if (old && (!cookie || old.cookiesSent) && (!allow || old.allowCredentials) && (!setCookie || old.setCookie)) return;
    const label = labelOf(record);
    const next: CredentialEvidence = {
      cookiesSent: old?.cookiesSent ?? (cookie ? label : undefined),
      allowCredentials: old?.allowCredentials ?? (allow ? label : undefined),
      setCookie: old?.setCookie ?? (setCookie ? label : undefined),
    };
    if (!old && this.entries >= MAX_ENTRIES) {
      this.clear();
      servers = undefined;
    }
    if (!servers) this.byPage.set(origin, (servers = new Map()));
    if (!old) this.entries++;
    servers.set(server, next);
  }

  clear(): void {
    this.byPage.clear();
    this.entries = 0;
  }
}
