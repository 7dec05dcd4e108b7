// Amending hand-written header() CORS in place: the in_array allow-list grows (or one
// literal origin is replaced when one origin is all the policy needs), the values of the
// Access-Control-Allow-* headers are extended, and a missing header is written as a
// header() call on the line after the one it belongs with, in the same indentation.
import { normalizeMethod } from '../../cors/safelist';
import { shortfall } from '../allowance';
import type { AllowedCors, CorsPolicy } from '../types';
import { appendItems, type OffsetEdit } from '../python/edit';
import { mergeInsertions } from '../js/object-edit';
import { indentAt, lineSpan } from '../text-lines';
import { missingFrom } from '../python/options';
import { inListCase } from '../header-case';
import type { PhpAllowList, PhpHeaderSite } from './headers';
import { phpString, type PhpStyle } from './style';

export const HEADER_NAMES: Record<string, string> = {
  'access-control-allow-origin': 'Access-Control-Allow-Origin',
  'access-control-allow-methods': 'Access-Control-Allow-Methods',
  'access-control-allow-headers': 'Access-Control-Allow-Headers',
  'access-control-allow-credentials': 'Access-Control-Allow-Credentials',
  'access-control-allow-private-network': 'Access-Control-Allow-Private-Network',
  'access-control-max-age': 'Access-Control-Max-Age',
  vary: 'Vary',
};

export interface PhpAmendment {
  edits: OffsetEdit[];
  what: string[];
  /** The code cannot hold the policy in place (several origins and no allow-list, a computed value): replace it. */
  replace?: string;
}

/** `header('Name: value');` as a line of its own after `sibling`. */
function headerLineAfter(text: string, sibling: PhpHeaderSite, name: string, value: string, style: PhpStyle): OffsetEdit {
  const at = lineSpan(text, sibling.statement.startIndex, sibling.statement.endIndex).end;
  const eol = at === text.length && !text.endsWith('\n') ? style.eol : '';
  return { start: at, end: at, text: `${eol}${indentAt(text, sibling.statement.startIndex)}header(${phpString(`${HEADER_NAMES[name] ?? name}: ${value}`, style)});${style.eol}` };
}

function replaceValue(site: PhpHeaderSite, value: string, style: PhpStyle): OffsetEdit {
  return { start: site.literal!.startIndex, end: site.literal!.endIndex, text: phpString(`${HEADER_NAMES[site.name] ?? site.name}: ${value}`, style) };
}

/** The smallest in-place edits that make the header() calls allow the policy. */
export function amendHeaders(text: string, sites: PhpHeaderSite[], list: PhpAllowList | null, allowed: AllowedCors, policy: CorsPolicy, style: PhpStyle): PhpAmendment {
  const short = shortfall(allowed, policy);
  const edits: OffsetEdit[] = [];
  const what: string[] = [];
  const of = (name: string) => sites.filter((s) => s.name === name);
  const acao = of('access-control-allow-origin');
  if (short.origins) {
    const exact = Array.isArray(allowed.origins) ? allowed.origins : [];
    if (list && acao.every((s) => s.value === null)) {
      edits.push(appendItems(text, list.node, missingFrom(list.values, policy.origins).map((o) => phpString(o, style)), style));
      what.push(`allow origin ${missingFrom(exact, policy.origins).join(', ')}`);
    } else if (policy.origins.length === 1 && acao.every((s) => s.literal)) {
      for (const s of acao) edits.push(replaceValue(s, policy.origins[0], style));
      what.push(allowed.origins === 'any' ? `allow only ${policy.origins[0]} instead of *` : `allow origin ${policy.origins[0]}`);
    } else {
      return { edits: [], what: [], replace: policy.origins.length > 1 ? 'more than one origin needs an allow-list' : 'the allowed origin is built at run time' };
    }
  }
  // Preflight headers go beside the one the code already writes, else beside Allow-Origin.
  const sibling = of('access-control-allow-methods')[0] ?? of('access-control-allow-headers')[0] ?? of('access-control-max-age')[0] ?? acao[acao.length - 1];
  const extend = (name: string, current: string[], wanted: string[], fold: (s: string) => string, label: string): string | null => {
    const missing = missingFrom(current, wanted, fold);
    const existing = of(name);
    if (!existing.length) edits.push(headerLineAfter(text, sibling, name, [...current, ...missing].join(', '), style));
    for (const s of existing) {
      if (!s.literal || s.value === null) return `the ${label} are built at run time`;
      const have = s.value.split(',').map((x) => x.trim()).filter(Boolean);
      const add = missingFrom(have, wanted, fold).map((x) => (name === 'access-control-allow-headers' ? inListCase(x, have) : x));
      if (add.length) edits.push(replaceValue(s, [...have, ...add].join(s.value.includes(', ') || !s.value.includes(',') ? ', ' : ','), style));
    }
    what.push(`allow ${label.replace(/s$/, '')} ${missing.join(', ')}`);
    return null;
  };
  if (short.methods) {
    const problem = extend('access-control-allow-methods', Array.isArray(allowed.methods) ? allowed.methods : [], policy.methods, normalizeMethod, 'methods');
    if (problem) return { edits: [], what: [], replace: problem };
  }
  if (short.allowHeaders) {
    const problem = extend('access-control-allow-headers', Array.isArray(allowed.allowHeaders) ? allowed.allowHeaders : [], policy.allowHeaders, (s) => s.toLowerCase(), 'request headers');
    if (problem) return { edits: [], what: [], replace: problem };
  }
  const flag = (name: string, label: string) => {
    const existing = of(name);
    if (existing.length) for (const s of existing) edits.push(s.literal ? replaceValue(s, 'true', style) : headerLineAfter(text, s, name, 'true', style));
    else for (const s of acao) edits.push(headerLineAfter(text, s, name, 'true', style));
    what.push(`allow ${label}`);
  };
  if (short.credentials) flag('access-control-allow-credentials', 'credentials');
  if (short.privateNetwork) flag('access-control-allow-private-network', 'private-network access');
  // An Allow-Origin that echoes the checked Origin depends on it: caches must key on it.
  const varies = of('vary').some((s) => (s.value ?? '').toLowerCase().split(',').map((x) => x.trim()).includes('origin'));
  if (edits.length && policy.varyOrigin && !varies && acao.some((s) => s.value === null)) {
    edits.push(headerLineAfter(text, acao[0], 'vary', 'Origin', style));
    what.push('send Vary: Origin');
  }
  return { edits: mergeInsertions(edits), what };
}
