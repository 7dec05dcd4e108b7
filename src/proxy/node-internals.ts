// The three places the proxy reaches into Node's HTTP internals, each because no
// public API does the job. Each wrapper says what breaks if Node changes what it
// relies on; test/proxy/node-internals.test.ts fails if Node does.
import type { ClientRequest, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

// OutgoingMessage's head: `_header` is null until the head is stored, and
// `_storeHeader(firstLine, headers)` stores it from a flat [name, value, …] array
// line for line (validating each, adding Connection only when none is given) — what
// http.request does with an array of headers. http-proxy builds its request from an
// object (one line per name, its own case), so we take that step ourselves.
interface HeadStore {
  _header: string | null;
  _storeHeader(firstLine: string, headers: readonly string[]): void;
}

/**
 * Sets the head of a request that has not been sent yet to exactly these lines:
 * the request line, then every raw header line in order, with its case and repeats.
 * Headers set on the request before are not sent. Throws on an invalid line.
 *
 * If Node renames `_storeHeader`, every proxied request fails with a 502 (the
 * TypeError is the upstream error); if it stops taking a flat array, the upstream
 * gets other lines than the client sent — the fidelity tests and this file's test
 * catch both.
 */
export function storeRawHead(out: ClientRequest, method: string, path: string, raw: readonly string[]): void {
  const head = out as unknown as HeadStore;
  if (head._header) throw new Error('the request head was already written');
  out.path = path;
  head._storeHeader(`${method} ${path} HTTP/1.1\r\n`, raw);
}

// ServerResponse.writeEarlyHints writes its 103 with `_writeRaw`, which puts bytes on
// the connection in order with the responses queued on it (a pipelined response
// still waiting for the one before it buffers them too). The public writeEarlyHints
// only writes 103 with Link lines; an upstream's 102, or a 103 with other lines, has
// no public way out.
interface RawWriter {
  _writeRaw?(data: string, encoding: BufferEncoding): boolean;
}

/**
 * Writes an interim response (a complete head, ending with its blank line) before
 * the response's own head. Returns false, writing nothing, when Node has no
 * `_writeRaw` any more: interim responses are hints, so they are then left out
 * (the client still gets the final response) rather than the process crashing.
 * If Node keeps the name but stops ordering the bytes with the queued responses,
 * a pipelined client would read the hint inside another response: this file's
 * test checks the order.
 */
export function writeInterimHead(res: ServerResponse, head: string): boolean {
  const writer = res as unknown as RawWriter;
  if (typeof writer._writeRaw !== 'function') return false;
  writer._writeRaw(head, 'latin1');
  return true;
}

// Node's HTTP server keeps the response currently using a connection on its socket
// as `_httpMessage` (null between responses). Nothing public tells a 'clientError'
// handler whether a response is still being written on that socket.

/**
 * True when a response is still being written on this server connection. If Node
 * renames `_httpMessage` this says false always, and the raw-method relay could
 * take over a connection while an earlier response is still going out on it (the
 * two would interleave): this file's test fails first.
 */
export function hasResponseInFlight(socket: Duplex): boolean {
  return Boolean((socket as unknown as { _httpMessage?: unknown })._httpMessage);
}
