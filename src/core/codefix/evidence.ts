// The evidence a policy is derived from: the recorded exchanges regrouped into the
// fetches the browser performed (a preflight, then the actual request and its hops),
// each judged again by the engine. Records of one flow share a pairId.
import { judgeFlow } from '../cors/flow';
import { isPreflightRequest } from '../cors/classify';
import type { CorsFlow, FlowJudgement } from '../cors/types';
import { wireOf } from '../exchange/records';
import type { ExchangeRecord } from '../exchange/types';

export interface EvidenceFlow {
  /** The records of this fetch, in wire order (preflight first). */
  records: ExchangeRecord[];
  flow: CorsFlow;
  judged: FlowJudgement;
}

function startOf(r: ExchangeRecord): number {
  const t = Date.parse(r.startedAt);
  return Number.isFinite(t) ? t : 0;
}

/** Groups records into flows (by pairId; a record without one is a flow of its own) and judges each. */
export function flowsOf(records: ExchangeRecord[]): EvidenceFlow[] {
  const groups = new Map<string, ExchangeRecord[]>();
  const order: string[] = [];
  records.forEach((r, i) => {
    const key = r.pairId ?? `#${r.id}#${i}`;
    let list = groups.get(key);
    if (!list) {
      list = [];
      groups.set(key, list);
      order.push(key);
    }
    list.push(r);
  });
  return order.map((key) => {
    const list = (groups.get(key) as ExchangeRecord[])
      .map((r, i) => ({ r, i }))
      .sort((a, b) => startOf(a.r) - startOf(b.r) || a.i - b.i)
      .map((x) => x.r);
    // DevTools stamps an actual request before its own preflight: the preflight for the
    // first request's URL goes first. A later preflight was sent again after a redirect.
    const firstPreflight = list.findIndex((r) => r.type === 'preflight');
    if (firstPreflight > 0 && list[firstPreflight].request.url === list[0].request.url) {
      list.unshift(...list.splice(firstPreflight, 1));
    }
    // Only a leading preflight is the flow's preflight; a later one was sent again after a redirect.
    const first = list[0];
    const hasPreflight = first.type === 'preflight' || isPreflightRequest(first.request);
    const flow: CorsFlow = {
      preflight: hasPreflight ? wireOf(first) : null,
      requests: (hasPreflight ? list.slice(1) : list).map(wireOf),
      complete: true,
      preflightCached: list.some((r) => r.preflightCached) || undefined,
    };
    return { records: list, flow, judged: judgeFlow(flow) };
  });
}
