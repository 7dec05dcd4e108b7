// Every answer the proxy gives itself, in one place: refusals (403/404/400), upstream
// failures (502/504), requests Node cannot read (400/408/431). Each is plain text
// naming the proxy, so a developer reading the response knows the server never saw it.
import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { standardReason } from './reason-phrase';

/** The plain-text body the client sees for a failure the proxy itself answers. */
export function failureBody(status: number, message: string): string {
  const title = status === 504 ? 'Gateway Timeout' : status === 502 ? 'Bad Gateway' : status === 403 ? 'Forbidden' : 'Error';
  return `CORS Inspector proxy: ${status} ${title}\n${message}\n`;
}

/** The proxy answers a request itself; a response already under way is cut off instead. */
export function answerWithError(res: http.ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = failureBody(status, message);
  try {
    // The phrase given explicitly: a failed writeHead may have left the upstream's on the response.
    res.writeHead(status, standardReason(status), {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'X-Cors-Inspector': 'proxy-error',
    });
    res.end(body);
  } catch {
    // Nothing more can be said to this client; the exchange is recorded by the caller.
    res.destroy();
  }
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 408: 'Request Timeout', 502: 'Bad Gateway', 504: 'Gateway Timeout' };

/** Answers on a socket that has left HTTP handling (upgrade/CONNECT/raw relay), then closes it. */
export function writeRawRefusal(socket: Duplex, status: number, message: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = failureBody(status, message);
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nX-Cors-Inspector: proxy-error\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * The answer to a client Node's parser gave up on (it is not recorded: no request
 * was read): 431 for a head over Node's size limit, 408 for one that did not arrive
 * within headTimeoutMs, 400 for anything else. The connection closes after it.
 */
export function answerUnreadableRequest(socket: Duplex, err: NodeJS.ErrnoException): void {
  const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : timedOut ? 408 : 400;
  const reason = standardReason(status);
  const why = timedOut ? 'the request did not arrive in time' : `the request could not be parsed (${err.code ?? 'parse error'})`;
  const body = `CORS Inspector proxy: ${status} ${reason}\n${why}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
