// Every answer the proxy gives itself, in one place: refusals (403/404/400), upstream
// failures (502/504), requests Node cannot read (400/408/431). Each is plain text
// naming the proxy, so a developer reading the response knows the server never saw it.
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import type { HeaderList } from '../core/http/types';
import { PROXY_ANSWER_HEADER, PROXY_ANSWER_VALUE } from '../core/exchange/proxy-answer';
import { standardReason } from './reason-phrase';

/** The plain-text body the client sees for a failure the proxy itself answers. */
export function failureBody(status: number, message: string): string {
  return `CORS Inspector proxy: ${status} ${standardReason(status) || 'Error'}\n${message}\n`;
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
      [PROXY_ANSWER_HEADER]: PROXY_ANSWER_VALUE,
    });
    res.end(body);
  } catch {
    // Nothing more can be said to this client; the exchange is recorded by the caller.
    res.destroy();
  }
}

/** A refusal written straight onto a socket, as sent: what the record of it holds. */
export interface SentRefusal {
  status: number;
  reason: string;
  headers: HeaderList;
  body: Buffer;
  /** False when the socket could no longer be written to, and nothing was sent. */
  sent: boolean;
}

function writeRefusal(socket: Duplex, status: number, reason: string, body: string): SentRefusal {
  const bytes = Buffer.from(body, 'utf8');
  const headers: HeaderList = [
    ['Content-Type', 'text/plain; charset=utf-8'],
    ['Content-Length', String(bytes.length)],
    [PROXY_ANSWER_HEADER, PROXY_ANSWER_VALUE],
    ['Connection', 'close'],
  ];
  if (!socket.writable) {
    socket.destroy();
    return { status, reason, headers, body: bytes, sent: false };
  }
  let head = `HTTP/1.1 ${status} ${reason}\r\n`;
  for (const [name, value] of headers) head += `${name}: ${value}\r\n`;
  socket.end(Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), bytes]));
  return { status, reason, headers, body: bytes, sent: true };
}

/** Answers on a socket that has left HTTP handling (upgrade/CONNECT/raw relay), then closes it. */
export function writeRawRefusal(socket: Duplex, status: number, message: string): SentRefusal {
  return writeRefusal(socket, status, standardReason(status) || 'Error', failureBody(status, message));
}

/** Why Node's parser gave up on a request, as the proxy answers and records it. */
export interface UnreadableRequest {
  status: 400 | 408 | 431;
  /** The record's error code. */
  code: 'EBADREQUEST' | 'ETIMEDOUT_HEAD' | 'EHEADTOOLARGE';
  /** What the client is told: what was wrong. */
  why: string;
}

/** 431 for a head over Node's size limit, 408 for one that did not arrive within headTimeoutMs, 400 for anything else. */
export function classifyUnreadable(err: NodeJS.ErrnoException, headTimeoutMs: number): UnreadableRequest {
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, code: 'EHEADTOOLARGE', why: `the request head is larger than the ${http.maxHeaderSize}-byte limit (HPE_HEADER_OVERFLOW)` };
  }
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, code: 'ETIMEDOUT_HEAD', why: `the request did not arrive in time (its head was not complete within ${headTimeoutMs} ms)` };
  }
  const reason = err.message.replace(/^Parse Error: /, '');
  return { status: 400, code: 'EBADREQUEST', why: `the request could not be parsed (${err.code ?? 'parse error'}${reason && reason !== err.code ? `: ${reason}` : ''})` };
}

/** The answer to a client Node's parser gave up on (see classifyUnreadable). The connection closes after it. */
export function answerUnreadableRequest(socket: Duplex, unreadable: UnreadableRequest): SentRefusal {
  const reason = standardReason(unreadable.status);
  return writeRefusal(socket, unreadable.status, reason, `CORS Inspector proxy: ${unreadable.status} ${reason}\n${unreadable.why}\n`);
}
