// The methods a CORS middleware that checks every preflight's method against its list
// (rack-cors, php-cors, ASP.NET Core, Spring) must list: GET, HEAD and POST too (a JSON
// POST is preflighted), then what the code lists and what the policy needs, in the usual order.
import { normalizeMethod } from '../cors/safelist';
import type { CorsPolicy } from './types';

const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export function methodsToList(policy: CorsPolicy, current: string[] = [], extra: string[] = []): string[] {
  const wanted = new Set([...current.map(normalizeMethod), 'GET', 'HEAD', 'POST', ...policy.methods, ...extra]);
  return [...ORDER.filter((m) => wanted.has(m)), ...[...wanted].filter((m) => !ORDER.includes(m))];
}
