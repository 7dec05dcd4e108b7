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
//
// Each flow is judged with what the recorder saw before it between the same page
// origin and server (cookies sent, credentials allowed, cookies set): the evidence
// that decides whether a credentials-only failure is a warning or a hint.
import type { CapturedExchange } from './capture';
import { isPreflightRequest } from '../cors';
import { JudgementCache } from './judgement-cache';
import { CredentialEvidenceBook } from './credential-evidence-book';
import type { CorsFlow, CorsJudgement, CredentialEvidence, FlowJudgement } from '../cors/types';
import { isProxyAnswer, judgementOfProxyAnswer } from './proxy-answer';
import { headerValue } from './records';
import { RecordBuilder } from './record-builder';
import { RecordNotes } from './record-notes';
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

// Records serve as the wire the engine judges (a record has every field of
// WireExchange), and a Flow is itself the CorsFlow it judges, so judging a flow
// allocates nothing when the judgement is cached. Imported records are never judged again.
interface Flow extends CorsFlow {
  preflight: ExchangeRecord | null;
  /** The actual request and its redirect hops, in order. */
  requests: ExchangeRecord[];
  complete: boolean;
  preflightCached: boolean | undefined;
  credentialEvidence: CredentialEvidence | undefined;
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

// A new array of the exact length rather than push: a flow usually has one request,
// and pushing onto an empty array reserves room for 17 in every flow the ring holds.
// New flows share one frozen empty list (an array literal nested in the flow's
// literal is copied by a slower path); addHop is the only way hops are added.
const NO_REQUESTS = Object.freeze([]) as unknown as ExchangeRecord[];
function addHop(flow: Flow, record: ExchangeRecord): void {
  flow.requests = flow.requests.length === 0 ? [record] : [...flow.requests, record];
}

/** A record's share of its flow's judgement; the proxy's own answers (only ever with an error) say no server fix helps. */
function ownJudgement(record: ExchangeRecord, judgement: CorsJudgement): CorsJudgement {
  if (record.error === null || record.response === null || !isProxyAnswer(record.response.headers)) return judgement;
  return judgementOfProxyAnswer(judgement, record.error);
}

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
  private previewBytes = 0;
  /** Position of the oldest record that may still hold previews (they are dropped oldest first). */
  private previewFrom = 0;

  // Ring buffer of records and, alongside, the flow each belongs to. Every record
  // ever stored has a position (0, 1, 2, …); the ring holds positions
  // [stored - size, stored) and a record's id is its position + 1, so finding a
  // record by id is arithmetic, with no map to keep up to date.
  private ring: Array<ExchangeRecord | undefined>;
  private flowRing: Array<Flow | undefined>;
  private stored = 0;
  private size = 0;
  /** Preflights (key: origin, method, url) and redirects (key: url) whose follower may still come. */
  private readonly open = new Map<string, Flow[]>();
  /** Waits in the order they run out, for tick(). */
  private expiries: Array<{ flow: Flow; deadline: number }> = [];
  private expiryHead = 0;

  private nextPair = 0;
  private failing = 0;
  /** Repeated identical flows (polling, reloads) are judged once. */
  private readonly judgements = new JudgementCache();
  private readonly evidence = new CredentialEvidenceBook();
  private readonly builder = new RecordBuilder();
  // Replaced, never changed in place, when someone (un)subscribes: emitting needs no copy.
  private recordListeners: readonly RecordListener[] = [];
  private clearListeners: ReadonlyArray<() => void> = [];
  /** Every consumer's notes; a slot's note is forgotten when the slot gets another record. */
  private noteSets: ReadonlyArray<RecordNotes<unknown>> = [];

  constructor(options: RecorderOptions = {}) {
    this.capacity = Math.max(1, Math.floor(options.maxExchanges ?? 5000));
    this.windowMs = Math.max(0, options.pairingWindowMs ?? 2000);
    this.previewBudget = Math.max(0, options.maxPreviewBytes ?? 32 * 1024 * 1024);
    this.ring = new Array(this.capacity);
    this.flowRing = new Array(this.capacity);
  }

  /** Records one finished exchange. `now` defaults to the moment the capture ended. */
  add(capture: CapturedExchange, now?: number): ExchangeRecord {
    const at = now ?? capture.startedAt + capture.durationMs;
    // Waits that ran out before this exchange started are over, whatever it is.
    this.tick(capture.startedAt);

    const preflight = isPreflightRequest(capture.request);
    const record = this.builder.build(capture, this.nextId(), preflight ? 'preflight' : 'request');

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
    if (preflight && !afterRedirect) flow.preflight = record;
    else addHop(flow, record);
    // What was seen before this exchange, not including it (its own headers the engine reads itself).
    flow.credentialEvidence = this.evidence.before(record);
    this.evidence.note(record);
    this.store(record, flow);
    if ((flow.preflight && flow.requests.length > 0) || flow.requests.length > 1) this.ensurePairId(flow);

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
    if (flow.preflight && flow.preflight !== record) this.emitIfHeld(flow.preflight, 'updated');
    for (const hop of flow.requests) if (hop !== record) this.emitIfHeld(hop, 'updated');
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
      for (const hop of flow.requests) this.emitIfHeld(hop, 'updated');
    }
    if (this.expiryHead > 1024 && this.expiryHead * 2 > this.expiries.length) {
      this.expiries = this.expiries.slice(this.expiryHead);
      this.expiryHead = 0;
    }
  }

  list(): ExchangeRecord[] {
    const out: ExchangeRecord[] = new Array(this.size);
    const first = this.stored - this.size;
    for (let i = 0; i < this.size; i++) out[i] = this.ring[(first + i) % this.capacity] as ExchangeRecord;
    return out;
  }

  get(id: string): ExchangeRecord | undefined {
    const position = this.positionOf(id);
    return position < 0 ? undefined : this.ring[position % this.capacity];
  }

  /** The other side of a pair: a preflight's actual request, or an actual request's preflight (else the adjacent hop). */
  pairOf(record: ExchangeRecord): ExchangeRecord | undefined {
    const flow = this.flowOf(record);
    if (!flow) return undefined;
    let other: ExchangeRecord | undefined;
    if (flow.preflight === record) other = flow.requests[0];
    else if (flow.preflight) other = flow.preflight;
    else other = flow.requests[0] === record ? flow.requests[1] : flow.requests[0];
    return other && this.isHeld(other) ? other : undefined;
  }

  clear(): void {
    // Positions (and so ids) go on counting: an id is never given out twice.
    this.ring = new Array(this.capacity);
    this.flowRing = new Array(this.capacity);
    this.size = 0;
    this.open.clear();
    this.expiries = [];
    this.expiryHead = 0;
    this.failing = 0;
    this.evidence.clear();
    // Its entries hold the records they were judged from: a cleared record must not stay alive there.
    this.judgements.clear();
    this.previewBytes = 0;
    this.previewFrom = this.stored;
    for (const notes of this.noteSets) notes.clear();
    for (const l of this.clearListeners) l();
  }

  /** Adds records that were judged elsewhere (a file); they are kept as they are. */
  importRecords(records: ExchangeRecord[]): void {
    const flows = new Map<string, Flow>();
    // Pair ids are renumbered from our own counter: a file's ids may collide with
    // live ones or with an earlier import of the same file, and the panel groups rows by pair id.
    const pairIds = new Map<string, string>();
    for (const original of records) {
      // Renumbered too: ids are positions here (and a file's ids would collide with later live ones).
      let record: ExchangeRecord = { ...original, id: this.nextId() };
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
      if (record.type === 'preflight' && !flow.preflight) flow.preflight = record;
      else addHop(flow, record);
      this.store(record, flow);
      this.setFailing(flow, flow.failing || isFailing(record));
      this.emit(record, 'added');
    }
  }

  /**
   * Replaces a record judged elsewhere, keeping its id and place (e.g. a browser-recorded
   * image that a tainted canvas was later traced to). False when it is no longer held.
   */
  replace(record: ExchangeRecord): boolean {
    const position = this.positionOf(record.id);
    if (position < 0) return false;
    const slot = position % this.capacity;
    const old = this.ring[slot] as ExchangeRecord;
    const flow = this.flowRing[slot] as Flow;
    this.ring[slot] = record;
    this.forgetNotes(slot);
    if (flow.preflight === old) flow.preflight = record;
    else flow.requests = flow.requests.map((r) => (r === old ? record : r));
    this.setFailing(flow, flow.failing || isFailing(record));
    this.emit(record, 'updated');
    return true;
  }

  onRecord(listener: RecordListener): () => void {
    this.recordListeners = [...this.recordListeners, listener];
    return () => {
      this.recordListeners = this.recordListeners.filter((l) => l !== listener);
    };
  }

  /** A fresh set of per-record notes for a consumer; a note goes with its record. */
  notes<T>(): RecordNotes<T> {
    const notes = new RecordNotes<T>(this.capacity, (record) => this.slotOf(record));
    this.noteSets = [...this.noteSets, notes];
    return notes;
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

  /** The id of the record about to be stored. */
  private nextId(): string {
    return String(this.stored + 1);
  }

  /** Where the record with this id sits, or -1 when it is not held. */
  private positionOf(id: string): number {
    const position = Number(id) - 1;
    if (!Number.isInteger(position) || position < this.stored - this.size || position >= this.stored) return -1;
    return (this.ring[position % this.capacity] as ExchangeRecord).id === id ? position : -1;
  }

  /** The ring slot of a record still held, else -1. */
  private slotOf(record: ExchangeRecord): number {
    const position = this.positionOf(record.id);
    if (position < 0) return -1;
    const slot = position % this.capacity;
    return this.ring[slot] === record ? slot : -1;
  }

  /** The flow of a record still held, else undefined. */
  private flowOf(record: ExchangeRecord): Flow | undefined {
    const slot = this.slotOf(record);
    return slot < 0 ? undefined : this.flowRing[slot];
  }

  private forgetNotes(slot: number): void {
    for (const notes of this.noteSets) notes.forget(slot);
  }

  private newFlow(): Flow {
    return {
      preflight: null, requests: NO_REQUESTS, complete: true, preflightCached: undefined, credentialEvidence: undefined, waiting: false,
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
    const pairId = flow.preflight?.pairId ?? flow.requests.find((r) => r.pairId)?.pairId ?? `p${++this.nextPair}`;
    if (flow.preflight) flow.preflight.pairId = pairId;
    for (const hop of flow.requests) hop.pairId = pairId;
  }

  /** The flow gained a record or was concluded: judge it again and update `pending`. */
  private judge(flow: Flow): void {
    const pending = flow.complete ? undefined : true;
    if (flow.preflight) flow.preflight.pending = pending;
    for (const hop of flow.requests) hop.pending = pending;
    let judgement: FlowJudgement = this.judgements.judge(flow);
    if (flow.unclassified) {
      flow.unclassified = false;
      if (!flow.preflight && judgement.request.isCors && judgement.request.preflightRequired) {
        // It needed a preflight and none came: the browser used its preflight cache.
        flow.preflightCached = true;
        flow.requests[0].preflightCached = true;
        judgement = this.judgements.judge(flow);
      }
    }
    if (flow.preflight) flow.preflight.cors = ownJudgement(flow.preflight, judgement.preflight ?? judgement.decisive);
    for (let i = 0; i < flow.requests.length; i++) flow.requests[i].cors = ownJudgement(flow.requests[i], judgement.requests[i] ?? judgement.decisive);
    this.setFailing(flow, judgement.verdict === 'fail');
  }

  private setFailing(flow: Flow, failing: boolean): void {
    if (flow.failing === failing) return;
    flow.failing = failing;
    if (flow.live > 0) this.failing += failing ? 1 : -1;
  }

  private store(record: ExchangeRecord, flow: Flow): void {
    const slot = this.stored % this.capacity;
    if (this.size === this.capacity) this.evict(this.ring[slot] as ExchangeRecord, this.flowRing[slot] as Flow);
    else this.size++;
    this.ring[slot] = record;
    this.flowRing[slot] = flow;
    this.forgetNotes(slot);
    this.stored++;
    this.keepPreviews(record);
    flow.live++;
    if (flow.live === 1 && flow.failing) this.failing++;
  }

  private isHeld(record: ExchangeRecord): boolean {
    return this.get(record.id) === record;
  }

  private emitIfHeld(record: ExchangeRecord, change: RecordChange): void {
    if (this.isHeld(record)) this.emit(record, change);
  }

  private evict(record: ExchangeRecord, flow: Flow): void {
    // Its previews (if it still has them) leave with it.
    this.previewBytes -= previewSize(record);
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

  /** Counts the new record's previews; past the budget, the oldest records held lose theirs (sizes stay). */
  private keepPreviews(record: ExchangeRecord): void {
    const size = previewSize(record);
    if (size === 0) return;
    this.previewBytes += size;
    this.previewFrom = Math.max(this.previewFrom, this.stored - this.size);
    while (this.previewBytes > this.previewBudget && this.previewFrom < this.stored) {
      const oldest = this.ring[this.previewFrom++ % this.capacity] as ExchangeRecord;
      this.previewBytes -= previewSize(oldest);
      for (const body of [oldest.request.body, oldest.response?.body]) {
        if (body?.preview) {
          body.preview = undefined;
          body.truncated = true;
        }
      }
    }
  }

  private emit(record: ExchangeRecord, change: RecordChange): void {
    for (const l of this.recordListeners) l(record, change);
  }
}
