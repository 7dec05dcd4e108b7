// CORS written with PHP's header(): `header('Access-Control-Allow-Origin: ' . $origin)`,
// the allow-list the request's Origin is checked against (`in_array($origin, $allowed,
// true)`), and what they allow together.
import type { AllowedCors } from '../types';
import { named, walk, type Node } from '../tree-sitter';
import { readValue, stringValue } from './literal';
import { callArgs, functionName } from './tree';

export interface PhpHeaderSite {
  /** Lower-case header name. */
  name: string;
  /** The value when the whole argument is one literal; null when it is built at run time. */
  value: string | null;
  /** The literal `'Name: value'` (replaced to change the value), when it is one. */
  literal: Node | null;
  /** The statement `header(...);` (its line is where a sibling header goes). */
  statement: Node;
}

export interface PhpAllowList {
  values: string[];
  /** The array literal (items are appended to it). */
  node: Node;
  /** The in_array(...) call. */
  check: Node;
}

const ORIGIN = /^https?:\/\/[^/\s]+$/;

/** The literal text a header() argument starts with (`'Access-Control-Allow-Origin: ' . $o` → its first part). */
function leadingText(arg: Node): string | null {
  if (arg.type === 'string' || arg.type === 'encapsed_string') {
    const whole = stringValue(arg);
    if (whole !== null) return whole;
    const first = named(arg)[0];
    return first?.type === 'string_content' || first?.type === 'string_value' ? first.text : null;
  }
  if (arg.type === 'binary_expression') {
    const left = arg.childForFieldName('left');
    return left ? leadingText(left) : null;
  }
  return null;
}

function isCorsHeader(name: string): boolean {
  return name.startsWith('access-control-') || name === 'vary';
}

/** Every `header('Access-Control-…: …')` (and `Vary`) statement under `root`. */
export function findHeaderSites(root: Node): PhpHeaderSite[] {
  const sites: PhpHeaderSite[] = [];
  walk(root, (n) => {
    if (n.type !== 'expression_statement') return;
    const call = n.firstNamedChild;
    if (call?.type !== 'function_call_expression' || functionName(call) !== 'header') return;
    const arg = callArgs(call)[0];
    const lead = arg ? leadingText(arg) : null;
    const colon = lead?.indexOf(':') ?? -1;
    if (!arg || lead === null || colon < 0) return false;
    const name = lead.slice(0, colon).trim().toLowerCase();
    if (!isCorsHeader(name)) return false;
    const whole = stringValue(arg);
    sites.push({ name, value: whole === null ? null : whole.slice(colon + 1).trim(), literal: whole === null ? null : arg, statement: n });
    return false;
  });
  return sites;
}

/** The first `in_array(..., LIST, ...)` under `root` whose LIST reads as a list of origins. */
export function findAllowList(root: Node, file: Node): PhpAllowList | null {
  let found: PhpAllowList | null = null;
  walk(root, (n) => {
    if (found) return false;
    if (n.type !== 'function_call_expression' || functionName(n) !== 'in_array') return;
    const list = readValue(callArgs(n)[1], file);
    if (list?.kind === 'strings' && list.values.length && list.values.every((o) => ORIGIN.test(o))) found = { values: list.values, node: list.node, check: n };
  });
  return found;
}

function tokens(value: string | null): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** What the header() calls allow; the origins are the allow-list's when Allow-Origin echoes the checked Origin. */
export function allowedFromSites(sites: PhpHeaderSite[], list: PhpAllowList | null): AllowedCors {
  const of = (name: string) => sites.filter((s) => s.name === name);
  const acao = of('access-control-allow-origin');
  let origins: AllowedCors['origins'];
  if (acao.some((s) => s.value === '*')) origins = 'any';
  else if (acao.every((s) => s.value !== null)) origins = [...new Set(acao.map((s) => s.value as string))];
  else origins = list ? [...list.values] : 'computed';
  const joined = (name: string) => of(name).flatMap((s) => tokens(s.value));
  const age = of('access-control-max-age').map((s) => s.value).find((v) => v !== null && /^-?\d+$/.test(v));
  return {
    origins,
    methods: joined('access-control-allow-methods').map((m) => m.toUpperCase()),
    allowHeaders: joined('access-control-allow-headers').map((h) => h.toLowerCase()),
    exposeHeaders: joined('access-control-expose-headers').map((h) => h.toLowerCase()),
    credentials: of('access-control-allow-credentials').some((s) => s.value?.toLowerCase() === 'true'),
    maxAgeSeconds: age ? Number(age) : null,
    privateNetwork: of('access-control-allow-private-network').some((s) => s.value?.toLowerCase() === 'true'),
  };
}
