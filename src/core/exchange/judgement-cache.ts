// Remembers recent flow judgements by everything the engine reads. The engine is a
// pure function of the flow, so an identical flow (a dev page polling the same
// endpoint) gets the very same judgement without judging again — and the records
// share one judgement object instead of each holding a copy.
//
// Entries are filed under the URL of the flow's first exchange, and a hit is
// confirmed by comparing every field the engine reads. A repeated head is the very
// same header list from one exchange to the next (the proxy hands out one frozen list
// for it), so that comparison is mostly pointer checks. Why no key string is built:
// docs/performance.md.
import { judgeFlow } from '../cors';
import type { CorsFlow, FlowJudgement } from '../cors/types';
import type { HeaderList, WireExchange } from '../http/types';

interface Entry {
  flow: CorsFlow;
  judgement: FlowJudgement;
}

/** Variants kept per URL (a Date header that ticks, a few clients): newest first. */
const MAX_PER_URL = 8;

function urlOf(flow: CorsFlow): string {
  return (flow.preflight ?? flow.requests[0])?.request.url ?? '';
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
  // Evidence snapshots are replaced, never changed: the same evidence is the same object.
  if (a.complete !== b.complete || !a.preflightCached !== !b.preflightCached || a.credentialEvidence !== b.credentialEvidence) return false;
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
  private readonly byUrl = new Map<string, Entry[]>();
  private size = 0;

  constructor(private readonly capacity = 512) {}

  judge(flow: CorsFlow): FlowJudgement {
    // A field the cache does not compare: never cached.
    if (flow.redirectPreflights && flow.redirectPreflights.length > 0) return judgeFlow(flow);
    const url = urlOf(flow);
    let entries = this.byUrl.get(url);
    if (entries) {
      for (let i = 0; i < entries.length; i++) if (sameFlow(entries[i].flow, flow)) return entries[i].judgement;
    }
    const judgement = judgeFlow(flow);
    // Crude but bounded: start over when full (hits come from repeats close in time).
    if (this.size >= this.capacity) {
      this.clear();
      entries = undefined;
    }
    if (!entries) this.byUrl.set(url, (entries = []));
    // Bounded, so no stream of near-twins can make lookups slow.
    if (entries.length >= MAX_PER_URL) {
      entries.pop();
      this.size--;
    }
    // Keeps its own copy of what it compares, so later changes to the caller's flow cannot alter the entry.
    const copy: CorsFlow = {
      preflight: flow.preflight, requests: flow.requests.slice(), complete: flow.complete,
      preflightCached: flow.preflightCached, credentialEvidence: flow.credentialEvidence,
    };
    entries.unshift({ flow: copy, judgement });
    this.size++;
    return judgement;
  }

  clear(): void {
    this.byUrl.clear();
    this.size = 0;
  }
}
