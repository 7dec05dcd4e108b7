// The recorder turns the proxy's captures into judged ExchangeRecords and groups
// them into the flows a browser performs (preflight → actual request → redirect
// hops). It is pure: no timers and no clock. Callers pass `now` and call tick().
// A flow is judged again whenever it changes, before listeners hear of it, so a
// record's `cors` is always current. Every consumer reads every verdict anyway (the
// CLI prints each line, the extension counts failures), and repeated flows cost a
// cache lookup.
//
// Pairing works on what the proxy can see:
// - a preflight waits up to `pairingWindowMs` for an actual request with the same
//   Origin and URL whose method is the Access-Control-Request-Method;
// - a CORS request answered with a redirect waits the same window for a request
//   to the Location URL (the next hop);
// - an actual request that needed a preflight but finds none was served from the
//   browser's preflight cache (`preflightCached`);
// - when a wait runs out, tick() concludes the flow (`complete`), which lets the
//   engine decide that a preflight which looked fine was in fact refused.
import type { CapturedExchange } from '../../proxy/capture';
import { isPreflightRequest } from '../cors';
import { JudgementCache } from './judgement-cache';
import type { CorsFlow, FlowJudgement } from '../cors/types';
import { headerValue, recordFromCapture } from './records';
import type { ExchangeRecord } from './types';

export interface RecorderOptions {
  /** Records kept in memory (oldest dropped first). Default 5000. */
  maxExchanges?: number;
  /** How long after a preflight (or redirect) its follower may start, in ms. Default 2000. */
  pairingWindowMs?: number;
  /**
   * Total size of the body previews kept (base64 characters). Past it the oldest
   * records lose their previews (sizes stay), so big bodies cannot exhaust memory.
   * Default 32 MiB.
   */
  maxPreviewBytes?: number;
}

export type RecordChange = 'added' | 'updated';
type RecordListener = (record: ExchangeRecord, change: RecordChange) => void;

interface Member {
  /** Also the wire the engine judges (a record has every field of WireExchange). Imported records are never judged again. */
  record: ExchangeRecord;
  flow: Flow;
}

interface Flow {
  preflight: Member | null;
  hops: Member[];
  complete: boolean;
  preflightCached: boolean;
  /** Waiting for a follower (a preflight for its request, a redirect for its next hop). */
  waiting: boolean;
  /** Latest start time a follower may have. */
  deadline: number;
  /** Key of the open list this flow sits in, if any. */
  openKey: string | null;
  failing: boolean;
  /** Records of this flow still held in the ring. */
  live: number;
  /** A CORS request without preflight: whether it needed one is found out when judged. */
  unclassified: boolean;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function isFailing(record: ExchangeRecord): boolean {
  return record.cors.verdict === 'fail';
}

function previewSize(record: ExchangeRecord): number {
  return (record.request.body?.preview?.length ?? 0) + (record.response?.body?.preview?.length ?? 0);
}

export class Recorder {
  private readonly capacity: number;
  private readonly windowMs: number;
  private readonly previewBudget: number;
  /** Records holding previews, oldest first (same order as the ring). */
  private previewQueue: Array<ExchangeRecord | undefined> = [];
  private previewHead = 0;
  private previewBytes = 0;

  // Ring buffer of records, oldest at `head`.
  private ring: Array<Member | undefined>;
  private head = 0;
  private size = 0;

  private readonly byId = new Map<string, Member>();
  /** Preflights (key: origin, method, url) and redirects (key: url) whose follower may still come. */
  private readonly open = new Map<string, Flow[]>();
  /** Waits in the order they run out, for tick(). */
  private expiries: Array<{ flow: Flow; deadline: number }> = [];
  private expiryHead = 0;

  private nextId = 0;
  private nextPair = 0;
  private failing = 0;
  /** Repeated identical flows (polling, reloads) are judged once. */
  private readonly judgements = new JudgementCache();
  // Replaced, never changed in place, when someone (un)subscribes: emitting needs no copy.
  private recordListeners: readonly RecordListener[] = [];
  private clearListeners: ReadonlyArray<() => void> = [];

  constructor(options: RecorderOptions = {}) {
    this.capacity = Math.max(1, Math.floor(options.maxExchanges ?? 5000));
    this.windowMs = Math.max(0, options.pairingWindowMs ?? 2000);
    this.previewBudget = Math.max(0, options.maxPreviewBytes ?? 32 * 1024 * 1024);
    this.ring = new Array(this.capacity);
  }

  /** Records one finished exchange. `now` defaults to the moment the capture ended. */
  add(capture: CapturedExchange, now?: number): ExchangeRecord {
    const at = now ?? capture.startedAt + capture.durationMs;
    // Waits that ran out before this exchange started are over, whatever it is.
    this.tick(capture.startedAt);

    const preflight = isPreflightRequest(capture.request);
    const record = recordFromCapture(capture, this.newId(), preflight ? 'preflight' : 'request');

    let flow: Flow;
    // After a redirect Chromium may preflight the new URL: that preflight is a hop of the redirected fetch.
    const afterRedirect = preflight ? this.takeOpen(`R ${capture.request.url}`, capture.startedAt) : null;
    if (afterRedirect) {
      flow = afterRedirect;
    } else if (preflight) {
      flow = this.newFlow();
    } else {
      const waiting = this.findWaitingFlow(record, capture.startedAt);
      if (waiting) {
        flow = waiting;
      } else {
        flow = this.newFlow();
        // Only a CORS request can have needed a preflight; whether it did is decided when judged.
        flow.unclassified = headerValue(record.request.headers, 'origin') !== null;
      }
    }
    const member: Member = { record, flow };
    if (preflight && !afterRedirect) flow.preflight = member;
    else flow.hops.push(member);
    this.store(member);
    if ((flow.preflight && flow.hops.length > 0) || flow.hops.length > 1) this.ensurePairId(flow);

    if (preflight) {
      // Judged now, as still open: a failed preflight ends the flow (a browser sends
      // nothing after it); one that passes may yet be concluded as refused.
      const key = afterRedirect ? `R ${capture.request.url}` : this.preflightKey(capture.request.method, record);
      flow.complete = false;
      this.judge(flow);
      if (record.cors.verdict === 'fail') {
        flow.complete = true;
        this.judge(flow);
        // Still let a request join it: DevTools HARs list the request the browser never sent.
        this.listOpen(flow, key, at + this.windowMs);
      } else {
        this.wait(flow, key, at);
      }
    } else {
      const next = this.isCorsRedirect(record) ? this.redirectTarget(record) : null;
      flow.complete = next === null;
      flow.waiting = false;
      if (next) this.wait(flow, `R ${next}`, at);
      this.judge(flow);
    }

    this.emit(record, 'added');
    // The other records of a flow that just grew may read differently now (pairId, pending, verdict).
    if (flow.preflight && flow.preflight !== member) this.emitIfHeld(flow.preflight, 'updated');
    for (const hop of flow.hops) if (hop !== member) this.emitIfHeld(hop, 'updated');
    return record;
  }

  /** Concludes every flow whose wait ran out at or before `now`. */
  tick(now: number): void {
    while (this.expiryHead < this.expiries.length) {
      const next = this.expiries[this.expiryHead];
      if (next.deadline > now) break;
      this.expiryHead++;
      const { flow } = next;
      if (!flow.waiting || flow.deadline !== next.deadline) continue;
      flow.waiting = false;
      flow.complete = true;
      this.judge(flow);
      if (flow.preflight) this.emitIfHeld(flow.preflight, 'updated');
      for (const hop of flow.hops) this.emitIfHeld(hop, 'updated');
    }
    if (this.expiryHead > 1024 && this.expiryHead * 2 > this.expiries.length) {
      this.expiries = this.expiries.slice(this.expiryHead);
      this.expiryHead = 0;
    }
  }

  list(): ExchangeRecord[] {
    const out: ExchangeRecord[] = new Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = (this.ring[(this.head + i) % this.capacity] as Member).record;
    return out;
  }

  get(id: string): ExchangeRecord | undefined {
    return this.byId.get(id)?.record;
  }

  /** The other side of a pair: a preflight's actual request, or an actual request's preflight (else the adjacent hop). */
  pairOf(record: ExchangeRecord): ExchangeRecord | undefined {
    const own = this.byId.get(record.id);
    if (!own || own.record !== record) return undefined;
    const flow = own.flow;
    let other: Member | undefined;
    if (flow.preflight === own) other = flow.hops[0];
    else if (flow.preflight) other = flow.preflight;
    else other = flow.hops[0] === own ? flow.hops[1] : flow.hops[0];
    return other && this.isHeld(other) ? other.record : undefined;
  }

  clear(): void {
    this.ring = new Array(this.capacity);
    this.head = 0;
    this.size = 0;
    this.byId.clear();
    this.open.clear();
    this.expiries = [];
    this.expiryHead = 0;
    this.failing = 0;
    this.previewQueue = [];
    this.previewHead = 0;
    this.previewBytes = 0;
    for (const l of this.clearListeners) l();
  }

  /** Adds records that were judged elsewhere (a file); they are kept as they are. */
  importRecords(records: ExchangeRecord[]): void {
    const flows = new Map<string, Flow>();
    // Pair ids are renumbered from our own counter: a file's ids may collide with
    // live ones or with an earlier import of the same file, and the panel groups rows by pair id.
    const pairIds = new Map<string, string>();
    for (const original of records) {
      let record = this.byId.has(original.id) ? { ...original, id: this.newId() } : original;
      const sourcePair = original.pairId;
      let flow = sourcePair ? flows.get(sourcePair) : undefined;
      if (!flow) {
        flow = this.newFlow();
        if (sourcePair) {
          flows.set(sourcePair, flow);
          pairIds.set(sourcePair, `p${++this.nextPair}`);
        }
      }
      if (sourcePair) record = { ...record, pairId: pairIds.get(sourcePair) as string };
      const member: Member = { record, flow };
      if (record.type === 'preflight' && !flow.preflight) flow.preflight = member;
      else flow.hops.push(member);
      this.store(member);
      this.setFailing(flow, flow.failing || isFailing(record));
      this.emit(record, 'added');
    }
  }

  onRecord(listener: RecordListener): () => void {
    this.recordListeners = [...this.recordListeners, listener];
    return () => {
      this.recordListeners = this.recordListeners.filter((l) => l !== listener);
    };
  }

  onClear(listener: () => void): () => void {
    this.clearListeners = [...this.clearListeners, listener];
    return () => {
      this.clearListeners = this.clearListeners.filter((l) => l !== listener);
    };
  }

  /** Flows (a preflight with its request and hops counts once) the browser blocks, among those still held. */
  get failingCount(): number {
    return this.failing;
  }

  // --- internals ---

  private newId(): string {
    return String(++this.nextId);
  }

  private newFlow(): Flow {
    return {
      preflight: null, hops: [], complete: true, preflightCached: false, waiting: false,
      deadline: 0, openKey: null, failing: false, live: 0, unclassified: false,
    };
  }

  private preflightKey(method: string, record: ExchangeRecord): string {
    const req = record.request;
    if (record.type === 'preflight') {
      return `P ${headerValue(req.headers, 'origin')} ${headerValue(req.headers, 'access-control-request-method') ?? ''} ${req.url}`;
    }
    return `P ${headerValue(req.headers, 'origin')} ${method} ${req.url}`;
  }

  /** Finds the flow this request continues: a preflight's actual request first, then a redirect's next hop. */
  private findWaitingFlow(record: ExchangeRecord, startedAt: number): Flow | null {
    // Nothing waits (the usual case): no keys to build.
    if (this.open.size === 0) return null;
    const req = record.request;
    if (headerValue(req.headers, 'origin') === null) return null;
    return this.takeOpen(this.preflightKey(req.method, record), startedAt) ?? this.takeOpen(`R ${req.url}`, startedAt);
  }

  /** The oldest flow under `key` whose window covers `startedAt`; drops those that can no longer match. */
  private takeOpen(key: string, startedAt: number): Flow | null {
    const list = this.open.get(key);
    if (!list) return null;
    let found: Flow | null = null;
    while (list.length > 0) {
      const flow = list.shift()!;
      flow.openKey = null;
      if (flow.deadline >= startedAt) {
        found = flow;
        break;
      }
    }
    if (list.length === 0) this.open.delete(key);
    if (found) found.waiting = false;
    return found;
  }

  private wait(flow: Flow, key: string, now: number): void {
    flow.waiting = true;
    this.listOpen(flow, key, now + this.windowMs);
    this.expiries.push({ flow, deadline: flow.deadline });
  }

  /** Makes the flow findable by a follower starting no later than `deadline`. */
  private listOpen(flow: Flow, key: string, deadline: number): void {
    flow.deadline = deadline;
    flow.openKey = key;
    let list = this.open.get(key);
    if (!list) this.open.set(key, (list = []));
    list.push(flow);
  }

  private isCorsRedirect(record: ExchangeRecord): boolean {
    return (
      record.response !== null &&
      REDIRECT_STATUSES.has(record.response.status) &&
      headerValue(record.request.headers, 'origin') !== null
    );
  }

  private redirectTarget(record: ExchangeRecord): string | null {
    const location = record.response ? headerValue(record.response.headers, 'location') : null;
    if (!location) return null;
    try {
      return new URL(location, record.request.url).href;
    } catch {
      return null;
    }
  }

  private ensurePairId(flow: Flow): void {
    const pairId = flow.preflight?.record.pairId ?? flow.hops.find((m) => m.record.pairId)?.record.pairId ?? `p${++this.nextPair}`;
    if (flow.preflight) flow.preflight.record.pairId = pairId;
    for (const hop of flow.hops) hop.record.pairId = pairId;
  }

  /** The flow gained a record or was concluded: judge it again and update `pending`. */
  private judge(flow: Flow): void {
    const pending = flow.complete ? undefined : true;
    if (flow.preflight) flow.preflight.record.pending = pending;
    for (const hop of flow.hops) hop.record.pending = pending;
    const input: CorsFlow = {
      // Records serve as the wire: the capture's copies are not kept alive alongside them.
      preflight: flow.preflight?.record ?? null,
      requests: flow.hops.map((h) => h.record),
      complete: flow.complete,
      preflightCached: flow.preflightCached || undefined,
    };
    let judgement: FlowJudgement = this.judgements.judge(input);
    if (flow.unclassified) {
      flow.unclassified = false;
      if (!flow.preflight && judgement.request.isCors && judgement.request.preflightRequired) {
        // It needed a preflight and none came: the browser used its preflight cache.
        flow.preflightCached = true;
        flow.hops[0].record.preflightCached = true;
        judgement = this.judgements.judge({ ...input, preflightCached: true });
      }
    }
    if (flow.preflight) flow.preflight.record.cors = judgement.preflight ?? judgement.decisive;
    for (let i = 0; i < flow.hops.length; i++) flow.hops[i].record.cors = judgement.requests[i] ?? judgement.decisive;
    this.setFailing(flow, judgement.verdict === 'fail');
  }

  private setFailing(flow: Flow, failing: boolean): void {
    if (flow.failing === failing) return;
    flow.failing = failing;
    if (flow.live > 0) this.failing += failing ? 1 : -1;
  }

  private store(member: Member): void {
    if (this.size === this.capacity) {
      this.evict(this.ring[this.head] as Member);
      this.ring[this.head] = member;
      this.head = (this.head + 1) % this.capacity;
    } else {
      this.ring[(this.head + this.size) % this.capacity] = member;
      this.size++;
    }
    this.byId.set(member.record.id, member);
    this.keepPreviews(member.record);
    const flow = member.flow;
    flow.live++;
    if (flow.live === 1 && flow.failing) this.failing++;
  }

  private isHeld(member: Member): boolean {
    return this.byId.get(member.record.id) === member;
  }

  private emitIfHeld(member: Member, change: RecordChange): void {
    if (this.isHeld(member)) this.emit(member.record, change);
  }

  private evict(member: Member): void {
    const record = member.record;
    // Evicted in ring order, so a record still holding previews is at the queue's head.
    if (this.previewQueue[this.previewHead] === record) {
      this.previewBytes -= previewSize(record);
      // Let go of it now: the queue is compacted only now and then.
      this.previewQueue[this.previewHead++] = undefined;
      this.compactPreviewQueue();
    }
    if (this.byId.get(record.id) === member) this.byId.delete(record.id);
    const flow = member.flow;
    flow.live--;
    if (flow.live === 0) {
      if (flow.failing) this.failing--;
      // Nothing of it is left to update: stop waiting for a follower.
      if (flow.openKey) {
        const list = this.open.get(flow.openKey);
        const i = list ? list.indexOf(flow) : -1;
        if (list && i >= 0) list.splice(i, 1);
        if (list && list.length === 0) this.open.delete(flow.openKey);
        flow.openKey = null;
      }
      flow.waiting = false;
    }
  }

  private keepPreviews(record: ExchangeRecord): void {
    const size = previewSize(record);
    if (size === 0) return;
    this.previewQueue.push(record);
    this.previewBytes += size;
    while (this.previewBytes > this.previewBudget && this.previewHead < this.previewQueue.length) {
      const oldest = this.previewQueue[this.previewHead] as ExchangeRecord;
      this.previewQueue[this.previewHead++] = undefined;
      this.previewBytes -= previewSize(oldest);
      for (const body of [oldest.request.body, oldest.response?.body]) {
        if (body?.preview) {
          body.preview = undefined;
          body.truncated = true;
        }
      }
    }
    this.compactPreviewQueue();
  }

  private compactPreviewQueue(): void {
    if (this.previewHead > 1024 && this.previewHead * 2 > this.previewQueue.length) {
      this.previewQueue = this.previewQueue.slice(this.previewHead);
      this.previewHead = 0;
    }
  }

  private emit(record: ExchangeRecord, change: RecordChange): void {
    for (const l of this.recordListeners) l(record, change);
  }
}
