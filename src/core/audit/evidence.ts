// Evidence as a finding shows it: the request as sent, the response headers that matter.
import type { HeaderList } from '../http/types';
import { evidenceHeaders } from './response-facts';
import type { Evidence } from './types';

const REQUEST_EVIDENCE = /^(origin|access-control-request-.*|cookie)$/i;

/** Evidence from recorded traffic: only the request headers that matter (cookie values cut). */
export function recordedEvidence(
  request: { method: string; url: string; headers: HeaderList },
  response: { status: number; headers: HeaderList } | null,
): Evidence {
  const headers: HeaderList = request.headers
    .filter(([n]) => REQUEST_EVIDENCE.test(n))
    .map(([n, v]) => (n.toLowerCase() === 'cookie' ? [n, '…'] : [n, v]));
  return evidenceOf({ method: request.method, url: request.url, headers }, response);
}

export function evidenceOf(
  request: { method: string; url: string; headers: HeaderList },
  response: { status: number; headers: HeaderList } | null,
): Evidence {
  return {
    request: { method: request.method, url: request.url, headers: request.headers },
    response: response ? { status: response.status, headers: evidenceHeaders(response.headers) } : null,
  };
}
