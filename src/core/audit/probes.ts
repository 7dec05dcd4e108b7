// The active audit's plan: which crafted requests to send to the target, all
// built here (pure) so the shell only sends them. Per path: a simple GET and a
// preflight from the real origin and from each crafted origin, then preflights
// that ask for an unheard-of method, an unheard-of header, and Private Network
// Access from an arbitrary origin.
import type { HeaderList } from '../http/types';
import { craftedOrigins, parseOrigin, type CraftedOrigin } from './crafted-origins';

export type ProbeKind = 'simple' | 'simple-no-cookie' | 'preflight' | 'odd-method' | 'odd-header' | 'private-network';

export interface Probe {
  /** Unique within a plan. */
  key: string;
  kind: ProbeKind;
  path: string;
  origin: CraftedOrigin;
  request: { method: string; url: string; headers: HeaderList };
}

export interface AuditPlan {
  target: string;
  origin: string;
  paths: string[];
  probes: Probe[];
}

/** Names no application uses, so an answer that allows them echoes whatever is asked. */
export const ODD_METHOD = 'CORSAUDIT';
export const ODD_HEADER = 'x-cors-audit-probe';
/**
 * A harmless cookie on simple probes: browsers send the user's cookies on a
 * credentialed fetch, and some middleware (Starlette's) only echoes the Origin
 * when a cookie is present.
 */
export const PROBE_COOKIE = 'cors_audit_probe=1';

export class PlanError extends Error {}

function targetUrl(target: string): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new PlanError(`--target "${target}" is not an absolute URL (e.g. http://127.0.0.1:3000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PlanError(`--target "${target}": only http:// and https:// targets can be audited`);
  if (url.username || url.password) throw new PlanError(`--target "${target}": no credentials in the URL`);
  return url;
}

/** `--path` values as given, or the target URL's own path when none. Each must start with "/". */
function normalizePaths(target: URL, paths: string[]): string[] {
  const list = paths.length ? paths : [`${target.pathname}${target.search}`];
  for (const p of list) if (!p.startsWith('/')) throw new PlanError(`--path "${p}" must start with "/"`);
  return [...new Set(list)];
}

export function planAudit(target: string, origin: string, paths: string[] = []): AuditPlan {
  const url = targetUrl(target);
  const real = parseOrigin(origin);
  if (!real) throw new PlanError(`--origin "${origin}" is not an origin (scheme://host[:port], no path), e.g. https://app.example.com`);
  if (real.origin === url.origin) throw new PlanError(`--origin ${real.origin} is the target's own origin: give the origin of the front end that calls it`);
  const origins = craftedOrigins(real.origin);
  const base = url.origin;
  const probes: Probe[] = [];
  const list = normalizePaths(url, paths);
  for (const path of list) {
    const at = new URL(path, base).href;
    const add = (kind: ProbeKind, o: CraftedOrigin, method: string, headers: HeaderList) =>
      probes.push({ key: `${probes.length}`, kind, path, origin: o, request: { method, url: at, headers: [['Origin', o.origin], ...headers] } });
    const realOrigin = origins[0];
    add('simple-no-cookie', realOrigin, 'GET', [['Accept', '*/*']]);
    for (const o of origins) {
      add('simple', o, 'GET', [['Accept', '*/*'], ['Cookie', PROBE_COOKIE]]);
      add('preflight', o, 'OPTIONS', [['Access-Control-Request-Method', 'PUT'], ['Access-Control-Request-Headers', 'content-type']]);
    }
    add('odd-method', realOrigin, 'OPTIONS', [['Access-Control-Request-Method', ODD_METHOD]]);
    add('odd-header', realOrigin, 'OPTIONS', [['Access-Control-Request-Method', 'GET'], ['Access-Control-Request-Headers', ODD_HEADER]]);
    const arbitrary = origins.find((o) => o.kind === 'arbitrary')!;
    add('private-network', arbitrary, 'OPTIONS', [['Access-Control-Request-Method', 'GET'], ['Access-Control-Request-Private-Network', 'true']]);
  }
  return { target: target.trim(), origin: real.origin, paths: list, probes };
}
