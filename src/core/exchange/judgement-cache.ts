// Remembers recent flow judgements by everything the engine reads. The engine is a
// pure function of the flow, so an identical flow (a dev page polling the same
// endpoint) gets the very same judgement without judging again — and the records
// share one judgement object instead of each holding a copy.
//
// Lookups run once per exchange on the proxy's hot path, so there is no key string
// (building and hashing one cost more than everything else the recorder does).
// A flow is hashed from the characters of its fields; a hit is then confirmed by
// comparing every field the engine reads. A collision costs a comparison, never a
// wrong judgement, and a bucket holds a few entries at most.
import { judgeFlow } from '../cors';
import type { CorsFlow, FlowJudgement } from '../cors/types';
import type { HeaderList, WireExchange } from '../http/types';

interface Entry {
  flow: CorsFlow;
  judgement: FlowJudgement;
}

const MAX_BUCKET = 4;
const mix = (h: number, x: number): number => Math.imul(h ^ x, 0x01000193);

// Every character counts: values that change in one place (a Date header's seconds,
// an id) must land in different buckets, or one bucket fills with near-twins.
function hashString(h: number, s: string): number {
  h = mix(h, s.length);
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i));
  return h;
}

function hashHeaders(h: number, headers: HeaderList): number {
  h = mix(h, headers.length);
  for (let i = 0; i < headers.length; i++) h = hashString(hashString(h, headers[i][0]), headers[i][1]);
  return h;
}

function hashExchange(h: number, ex: WireExchange): number {
  const req = ex.request;
  h = hashHeaders(hashString(hashString(h, req.method), req.url), req.headers);
  const res = ex.response;
  if (res) h = hashHeaders(mix(h, res.status), res.headers);
  if (ex.error) h = hashString(mix(h, 7), ex.error.code);
  return h;
}

function hashFlow(flow: CorsFlow): number {
  let h = mix(0x811c9dc5, (flow.complete ? 1 : 0) | (flow.preflightCached ? 2 : 0) | (flow.preflight ? 4 : 0));
  if (flow.preflight) h = hashExchange(h, flow.preflight);
  h = mix(h, flow.requests.length);
  for (const ex of flow.requests) h = hashExchange(h, ex);
  return h >>> 0;
}

function sameHeaders(a: HeaderList, b: HeaderList): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1]) return false;
  return true;
}

// Every field of WireExchange; absent optional strings count as empty, as the engine reads them.
function sameExchange(a: WireExchange, b: WireExchange): boolean {
  if (a === b) return true;
  const qa = a.request;
  const qb = b.request;
  if (qa.method !== qb.method || qa.url !== qb.url || (qa.httpVersion ?? '') !== (qb.httpVersion ?? '') || !sameHeaders(qa.headers, qb.headers)) return false;
  const ra = a.response;
  const rb = b.response;
  if (ra === null || rb === null) {
    if (ra !== rb) return false;
  } else if (
    ra.status !== rb.status ||
    (ra.statusText ?? '') !== (rb.statusText ?? '') ||
    (ra.httpVersion ?? '') !== (rb.httpVersion ?? '') ||
    !sameHeaders(ra.headers, rb.headers)
  ) {
    return false;
  }
  const ea = a.error ?? null;
  const eb = b.error ?? null;
  if (ea === null || eb === null) return ea === eb;
  return ea.code === eb.code && ea.message === eb.message;
}

/** Every field of CorsFlow the cache accepts (flows with redirectPreflights are never cached). */
function sameFlow(a: CorsFlow, b: CorsFlow): boolean {
  if (a.complete !== b.complete || !a.preflightCached !== !b.preflightCached) return false;
  if (a.preflight === null || b.preflight === null) {
    if (a.preflight !== b.preflight) return false;
  } else if (!sameExchange(a.preflight, b.preflight)) {
    return false;
  }
  if (a.requests.length !== b.requests.length) return false;
  for (let i = 0; i < a.requests.length; i++) if (!sameExchange(a.requests[i], b.requests[i])) return false;
  return true;
}

export class JudgementCache {
  private readonly buckets = new Map<number, Entry[]>();
  private size = 0;

  constructor(private readonly capacity = 512) {}

  judge(flow: CorsFlow): FlowJudgement {
    // A field the cache does not compare: never cached.
    if (flow.redirectPreflights && flow.redirectPreflights.length > 0) return judgeFlow(flow);
    const hash = hashFlow(flow);
    let bucket = this.buckets.get(hash);
    if (bucket) {
      for (const entry of bucket) if (sameFlow(entry.flow, flow)) return entry.judgement;
    }
    const judgement = judgeFlow(flow);
    // Crude but bounded: start over when full (hits come from repeats close in time).
    if (this.size >= this.capacity) this.clear();
    bucket = this.buckets.get(hash);
    if (!bucket) this.buckets.set(hash, (bucket = []));
    // Bounded, so no pattern of collisions can make lookups slow.
    if (bucket.length >= MAX_BUCKET) {
      bucket.shift();
      this.size--;
    }
    // Keeps its own copy of the lists, so later changes to the caller's flow cannot alter the entry.
    bucket.push({ flow: { ...flow, requests: [...flow.requests] }, judgement });
    this.size++;
    return judgement;
  }

  clear(): void {
    this.buckets.clear();
    this.size = 0;
  }
}
