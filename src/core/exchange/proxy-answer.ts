// Answers the proxy gives itself (a request it refused or could not read) carry a
// marker header, so a record of one can be told from a record of the server's
// answer. The browser judges such an answer like any other, so the verdict stays as
// Chromium would give it; but the request never reached the server, and a fix to the
// server's CORS headers would change nothing.
import type { CorsJudgement } from '../cors/types';
import type { HeaderList } from '../http/types';
import { headerValue } from './records';

export const PROXY_ANSWER_HEADER = 'X-Cors-Inspector';
export const PROXY_ANSWER_VALUE = 'proxy-error';

export function isProxyAnswer(headers: HeaderList): boolean {
  return headerValue(headers, PROXY_ANSWER_HEADER) === PROXY_ANSWER_VALUE;
}

/** The judgement of a proxy's own answer: the same verdict, no server fix, and why. */
export function judgementOfProxyAnswer(judgement: CorsJudgement, error: { code: string; message: string }): CorsJudgement {
  if (judgement.verdict === 'not-cors' || judgement.verdict === 'pass') return judgement;
  return {
    ...judgement,
    fix: [],
    explanation:
      `CORS Inspector's proxy answered this request itself (${error.code}: ${error.message}); it never reached the server. ` +
      `The browser judges that answer like any other, so the page sees this error, but no change to the server's CORS headers would help: ` +
      `change the request or the proxy's settings. (${judgement.explanation})`,
  };
}
