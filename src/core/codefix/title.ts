// What a quick fix is called, by what it changes:
// "Allow origin http://localhost:5173 with credentials", "Allow method PUT for http://localhost:5173".
import { normalizeMethod } from '../cors/safelist';
import type { AllowedCors, CorsPolicy } from './types';

function and(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function fixTitle(policy: CorsPolicy, allowed: AllowedCors | null, moved = false): string {
  const exact = allowed && Array.isArray(allowed.origins) ? allowed.origins : [];
  const openOrigins = allowed && (allowed.origins === 'any' || allowed.origins === 'reflect') && !policy.credentials;
  const newOrigins = openOrigins ? [] : policy.origins.filter((o) => !exact.includes(o));
  const methods = allowed && Array.isArray(allowed.methods) ? policy.methods.filter((m) => !(allowed.methods as string[]).some((c) => normalizeMethod(c) === m)) : allowed ? [] : policy.methods;
  const headers = allowed && Array.isArray(allowed.allowHeaders)
    ? policy.allowHeaders.filter((h) => !(allowed.allowHeaders as string[]).some((c) => c.toLowerCase() === h))
    : allowed ? [] : policy.allowHeaders;
  const credentials = policy.credentials && !allowed?.credentials ? ' with credentials' : '';
  const parts: string[] = [];
  if (methods.length) parts.push(`method${methods.length > 1 ? 's' : ''} ${and(methods)}`);
  if (headers.length) parts.push(`header${headers.length > 1 ? 's' : ''} ${and(headers)}`);
  let title: string;
  if (newOrigins.length) {
    title = `Allow origin${newOrigins.length > 1 ? 's' : ''} ${and(newOrigins)}${parts.length ? `, ${and(parts)}` : ''}${credentials}`;
  } else if (parts.length) {
    title = `Allow ${and(parts)} for ${and(policy.origins)}${credentials}`;
  } else if (credentials) {
    title = `Allow credentials for ${and(policy.origins)}`;
  } else {
    title = moved ? 'Run CORS before the routes' : `Allow ${and(policy.origins)}`;
  }
  return moved && title !== 'Run CORS before the routes' ? `${title}, running CORS before the routes` : title;
}
