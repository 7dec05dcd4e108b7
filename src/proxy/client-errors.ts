// Requests Node's parser cannot read ('clientError'): relayed raw when they are valid
// HTTP Node does not know (raw-method.ts), otherwise answered 400/431/408 and recorded
// with what could be read of the head (refusals.ts, unreadable.ts).
import type * as net from 'node:net';
import type { Duplex } from 'node:stream';
import type { CapturedExchange } from '../core/exchange/capture';
import { readPartialRequestHead } from '../core/http/partial-request-head';
import { relayUnparsedMethod, type RawRelayContext } from './raw-method';
import { answerUnreadableRequest, classifyUnreadable } from './refusals';
import { unreadableCapture, type UnreadableContext } from './unreadable';

/** The error Node's HTTP parser hands to 'clientError', with what it had read. */
export type ClientError = NodeJS.ErrnoException & { rawPacket?: Buffer; bytesParsed?: number };

export class ClientErrors {
  /**
   * Connections the raw relay took over. Node still lists their parser among the
   * connections its head timeout checks, and after a stalled event loop its check can
   * come before the relay's own 408: that late error is not a request of its own.
   */
  private readonly relayed = new WeakSet<Duplex>();

  constructor(
    private readonly rawRelay: RawRelayContext,
    private readonly unreadable: UnreadableContext,
    private readonly headTimeoutMs: number,
    private readonly emit: (capture: CapturedExchange) => void,
  ) {}

  readonly onClientError = (err: ClientError, socket: Duplex): void => {
    // A reset or an already closed socket is a client gone, with no answer to give and nothing sent worth a record.
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    // The raw relay answers and records what happens on its connections itself.
    if (this.relayed.has(socket)) return;
    // Valid HTTP that Node's parser cannot read (e.g. a lower-case "patch" method).
    if (relayUnparsedMethod(err, socket, this.rawRelay)) {
      this.relayed.add(socket);
      return;
    }
    // A client that cannot speak HTTP gets a 400 and loses its connection, one whose head is
    // too large a 431, one that stops halfway through its head (or body) a 408 once headTimeoutMs has passed.
    const why = classifyUnreadable(err, this.headTimeoutMs);
    const sent = answerUnreadableRequest(socket, why);
    // A connection that timed out without sending a byte was never a request (a browser's spare connection).
    if (why.status === 408 && (socket as net.Socket).bytesRead === 0) return;
    try {
      // Node keeps none of a head that timed out: that record has no method or URL.
      const head = readPartialRequestHead(err.rawPacket, err.bytesParsed);
      this.emit(unreadableCapture(this.unreadable, socket as net.Socket, head, sent, { code: why.code, message: why.why }, why.status === 408 ? this.headTimeoutMs : 0));
    } catch (e) {
      console.error('[cors-inspector] could not record an unreadable request:', e);
    }
  };
}
