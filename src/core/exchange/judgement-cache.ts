// Remembers recent flow judgements by everything the engine reads. The engine is a
// pure function of the flow, so an identical flow (a dev page polling the same
// endpoint) gets the very same judgement without judging again — and the records
// share one judgement object instead of each holding a copy.
import { judgeFlow } from '../cors';
import type { CorsFlow, FlowJudgement } from '../cors/types';
import type { WireExchange } from '../http/types';

// Every free-form string is length-prefixed, so no two different flows share a key
// whatever characters they hold (HAR imports are not limited to what Node parses).
const FIELD = '\u0000';
const EXCHANGE = '\u0001';
const str = (s: string): string => `${s.length}:${s}`;

function exchangeKey(ex: WireExchange): string {
  const req = ex.request;
  let key = `${str(req.method)}${FIELD}${str(req.url)}${FIELD}${str(req.httpVersion ?? '')}`;
  for (const [name, value] of req.headers) key += `${FIELD}${str(name)}${str(value)}`;
  const res = ex.response;
  if (res) {
    key += `${EXCHANGE}${res.status}${FIELD}${str(res.statusText ?? '')}${str(res.httpVersion ?? '')}`;
    for (const [name, value] of res.headers) key += `${FIELD}${str(name)}${str(value)}`;
  } else {
    key += `${EXCHANGE}-`;
  }
  if (ex.error) key += `${EXCHANGE}${str(ex.error.code)}${str(ex.error.message)}`;
  return key;
}

/** The key covers every field of CorsFlow; a flow with a field it does not know is never cached. */
function flowKey(flow: CorsFlow): string | null {
  if (flow.redirectPreflights && flow.redirectPreflights.length > 0) return null;
  let key = `${flow.complete ? 'c' : 'o'}${flow.preflightCached ? 'p' : '-'}`;
  key += flow.preflight ? `${EXCHANGE}P${exchangeKey(flow.preflight)}` : `${EXCHANGE}N`;
  for (const ex of flow.requests) key += `${EXCHANGE}R${exchangeKey(ex)}`;
  return key;
}

export class JudgementCache {
  private readonly entries = new Map<string, FlowJudgement>();

  constructor(private readonly capacity = 512) {}

  judge(flow: CorsFlow): FlowJudgement {
    const key = flowKey(flow);
    if (key === null) return judgeFlow(flow);
    let judgement = this.entries.get(key);
    if (!judgement) {
      judgement = judgeFlow(flow);
      // Crude but bounded: start over when full (hits come from repeats close in time).
      if (this.entries.size >= this.capacity) this.entries.clear();
      this.entries.set(key, judgement);
    }
    return judgement;
  }

  clear(): void {
    this.entries.clear();
  }
}
