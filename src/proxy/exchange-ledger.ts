// The exchanges one proxy has under way, from the request that opens one to the
// capture handed to the sink: their numbers, the ones still in flight (close()
// records them before it cuts them off), the deadlines of those waiting for an
// upstream's response head, and the one way a capture leaves the proxy.
import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { CaptureSink, CapturedExchange } from '../core/exchange/capture';
import type { WireRequest } from '../core/http/types';
import { BodyTap, emptyBody } from './body-tap';
import { SlotTable } from './slot-table';
import { DeadlineSweeper } from './deadlines';
import type { WebState } from './exchange-state';
import type { HeaderInterner, RepeatedString } from './raw-headers';
import type { Route } from './routing';
import type { ProxiedRequest } from './upstream-request';

export interface LedgerOptions {
  sink: CaptureSink;
  interner: HeaderInterner;
  requestVersions: RepeatedString;
  captureLimit: number;
  /** How long an exchange may wait for the upstream's response head (0: for ever). */
  timeoutMs: number;
  /** Called for an exchange whose wait ran out. */
  onTimeout: (state: WebState) => void;
}

export class ExchangeLedger {
  private seq = 0;
  private readonly inFlight = new SlotTable<WebState>();
  readonly sweeper: DeadlineSweeper<WebState>;
  /** The next exchange number (shared with the CONNECT, raw-relay and unreadable-request paths). */
  readonly nextSeq = (): number => ++this.seq;

  constructor(private readonly options: LedgerOptions) {
    this.sweeper = new DeadlineSweeper<WebState>(options.timeoutMs, () => performance.now(), options.onTimeout);
  }

  /** Hands a capture to the sink; a broken consumer must not take the proxy down with it. */
  readonly emit = (capture: CapturedExchange): void => {
    try {
      this.options.sink(capture);
    } catch (err) {
      console.error('[cors-inspector] capture sink threw:', err);
    }
  };

  /** Opens the exchange of a request that will be proxied: numbered, hung on the request, in flight, its wait timed. */
  open(
    req: http.IncomingMessage,
    route: Extract<Route, { kind: 'proxy' }>,
    client: http.ServerResponse | Duplex,
    t0: number,
    startedAt: number,
    via: CapturedExchange['via'],
  ): WebState {
    const state: WebState = {
      req,
      client,
      seq: ++this.seq,
      startedAt,
      t0,
      route,
      request: this.wireRequest(req, route.url),
      requestTap: new BodyTap(this.options.captureLimit),
      via,
      deadline: Infinity,
      prevWaiting: null,
      nextWaiting: null,
      notices: undefined,
      informational: undefined,
      done: false,
      slot: -1,
    };
    (req as ProxiedRequest).exchange = state;
    this.inFlight.add(state);
    if (this.options.timeoutMs > 0) {
      state.deadline = t0 + this.options.timeoutMs;
      this.sweeper.add(state);
    }
    return state;
  }

  /** The capture of a request the router refused (never forwarded). */
  refused(req: http.IncomingMessage, route: Extract<Route, { kind: 'refuse' }>, t0: number, startedAt: number): CapturedExchange {
    return {
      seq: ++this.seq,
      startedAt,
      durationMs: performance.now() - t0,
      request: this.wireRequest(req, route.url),
      requestBody: emptyBody(),
      response: null,
      responseBody: null,
      error: { code: route.code, message: route.message },
      via: route.via,
    };
  }

  /** Records the exchange once: what it has so far, overridden by `capture`. */
  finish(state: WebState, capture: Partial<CapturedExchange>): void {
    if (state.done) return;
    state.done = true;
    this.inFlight.delete(state);
    this.sweeper.delete(state);
    this.emit({
      seq: state.seq,
      startedAt: state.startedAt,
      durationMs: performance.now() - state.t0,
      request: state.request,
      requestBody: state.requestTap.result(),
      response: null,
      responseBody: null,
      error: null,
      notices: state.notices,
      via: state.via,
      ...capture,
    });
  }

  /** Records whatever part of the response came through, plus why it stopped (or null when it completed). */
  finishWithResponse(state: WebState, error: { code: string; message: string } | null): void {
    this.finish(state, {
      response: state.response ?? null,
      responseBody: state.responseTap ? state.responseTap.result() : null,
      waitMs: state.waitMs,
      error,
    });
  }

  /** At close: every exchange still in flight is recorded with what was seen, and `error`. */
  stop(error: { code: string; message: string }): void {
    this.sweeper.stop();
    for (const state of this.inFlight.values()) this.finishWithResponse(state, { ...error });
  }

  private wireRequest(req: http.IncomingMessage, url: string): WireRequest {
    return {
      method: req.method ?? 'GET',
      url,
      headers: this.options.interner.headerList(req.rawHeaders),
      httpVersion: this.options.requestVersions.of(req.httpVersion),
    };
  }
}
