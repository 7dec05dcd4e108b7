// One active audit, end to end: plan (pure) → guard the target → send → analyze (pure).
import { analyzeAudit, type AuditReport } from '../core/audit/active';
import { planAudit } from '../core/audit/probes';
import { sendProbes, type SendOptions } from './send-probes';
import { resolveTarget } from './target-guard';

export interface AuditRequest extends SendOptions {
  target: string;
  origin: string;
  paths?: string[];
  /** Hosts the user configured explicitly; anything else must resolve to loopback. */
  allowHosts?: string[];
}

export async function runAudit(request: AuditRequest): Promise<AuditReport> {
  const plan = planAudit(request.target, request.origin, request.paths ?? []);
  const target = await resolveTarget(new URL(plan.target), request.allowHosts ?? []);
  const results = await sendProbes(target, plan.probes, request);
  return analyzeAudit(plan, results);
}
