// Evidence as a finding shows it: the request as sent, the response headers that matter.
import type { HeaderList } from '../http/types';
import { evidenceHeaders } from './response-facts';
import type { Evidence } from './types';

export function evidenceOf(
  request: { method: string; url: string; headers: HeaderList },
  response: { status: number; headers: HeaderList } | null,
): Evidence {
  return {
    request: { method: request.method, url: request.url, headers: request.headers },
    response: response ? { status: response.status, headers: evidenceHeaders(response.headers) } : null,
  };
}
