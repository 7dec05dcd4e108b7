// The record of a request the proxy could not read and answered itself (400, 408,
// 431): the head as far as it can be read from the bytes that came, the refusal
// exactly as sent, and an error saying what was wrong. Nothing of it was forwarded.
import type { CapturedExchange } from '../core/exchange/capture';
import type { PartialRequestHead } from '../core/http/partial-request-head';
import { emptyBody } from './body-tap';
import type { SentRefusal } from './refusals';
import type { ClientPeer, Router } from './routing';

export interface UnreadableContext {
  router: Router;
  captureLimit: number;
  nextSeq(): number;
}

/** The capture of a refused unreadable request; `durationMs` is how long the head had been coming. */
export function unreadableCapture(
  ctx: UnreadableContext,
  peer: ClientPeer,
  head: PartialRequestHead,
  sent: SentRefusal,
  error: { code: string; message: string },
  durationMs: number,
): CapturedExchange {
  const forward = ctx.router.config.forward;
  let url = '';
  let via: CapturedExchange['via'] = forward ? 'forward' : 'reverse';
  if (head.target !== '') {
    // Only Host decides the recorded URL; a head with two of them records the first (the router says so).
    const host = head.headers.find(([name]) => name.toLowerCase() === 'host');
    const route = ctx.router.route(head.target, host === undefined ? [] : host, peer);
    url = route.url;
    via = route.via;
  }
  const preview = sent.body.subarray(0, ctx.captureLimit);
  return {
    seq: ctx.nextSeq(),
    startedAt: Date.now() - durationMs,
    durationMs,
    request: { method: head.method, url, headers: head.headers, httpVersion: head.httpVersion === '' ? undefined : head.httpVersion },
    requestBody: emptyBody(),
    response: sent.sent ? { status: sent.status, statusText: sent.reason, headers: sent.headers, httpVersion: '1.1' } : null,
    responseBody: sent.sent ? { size: sent.body.length, preview, truncated: preview.length < sent.body.length } : null,
    error: {
      code: error.code,
      message: sent.sent ? `${error.message}; the proxy answered ${sent.status} and did not forward it` : `${error.message}; it was not forwarded, and the connection had closed before an answer`,
    },
    via,
  };
}
