// CORS written by hand: `res.setHeader('Access-Control-Allow-Origin', ...)`,
// `res.header(...)`, `res.set(...)`, and `'Access-Control-*'` keys of header objects
// (`res.writeHead(204, {...})`, helpers that take headers). Reading what they allow, and
// removing them when one allow-list check replaces them.
import type * as t from '@babel/types';
import type { AllowedCors } from '../types';
import { statementLines, walk } from './ast';
import { readLiteral } from './literal';
import { propertyName, type OffsetEdit } from './object-edit';

export interface HeaderSite {
  /** Lower-case header name. */
  name: string;
  value: t.Node;
  /** What to delete to remove it: the whole statement, or the property (with its comma). */
  removal: OffsetEdit;
  node: t.Node;
  /** The header object a property site belongs to. */
  object?: t.ObjectExpression;
}

const SETTERS = ['setHeader', 'header', 'set', 'append', 'appendHeader'];

function isCorsHeader(name: string): boolean {
  return /^access-control-(allow|expose|max-age)/.test(name);
}

/** Every place in `root` that sets an Access-Control-Allow-/Expose-/Max-Age header by a literal name. */
export function findHeaderSites(text: string, root: t.Node): HeaderSite[] {
  const sites: HeaderSite[] = [];
  walk(root, (node, parents) => {
    if (node.type === 'ExpressionStatement' && node.expression.type === 'CallExpression') {
      const call = node.expression;
      const callee = call.callee;
      if (callee.type === 'MemberExpression' && callee.property.type === 'Identifier' && SETTERS.includes(callee.property.name)) {
        const name = call.arguments[0];
        if (name?.type === 'StringLiteral' && isCorsHeader(name.value.toLowerCase()) && call.arguments[1]) {
          const lines = statementLines(text, node);
          // Only a statement alone on its lines can be dropped whole.
          if (text.slice(lines.start, node.start!).trim() === '' && text.slice(node.end!, lines.end).trim() === '') {
            sites.push({ name: name.value.toLowerCase(), value: call.arguments[1] as t.Node, removal: { start: lines.start, end: lines.end, text: '' }, node });
          }
          return false;
        }
      }
    }
    if (node.type === 'ObjectProperty') {
      const key = propertyName(node);
      if (!key || !isCorsHeader(key.toLowerCase())) return;
      const obj = parents[parents.length - 1] as t.ObjectExpression;
      sites.push({ name: key.toLowerCase(), value: node.value, removal: propertyRemoval(text, obj, node), node, object: obj });
      return false;
    }
  });
  return sites;
}

/** The span that removes one property and one neighbouring comma, keeping the layout. */
function propertyRemoval(text: string, obj: t.ObjectExpression, prop: t.Node): OffsetEdit {
  const i = obj.properties.indexOf(prop as t.ObjectProperty);
  const next = obj.properties[i + 1];
  const prev = obj.properties[i - 1];
  const multiline = text.slice(obj.start!, obj.end!).includes('\n');
  if (multiline) {
    // The property's own line(s), with its comma.
    const lines = statementLines(text, prop);
    return { start: lines.start, end: lines.end, text: '' };
  }
  if (next) return { start: prop.start!, end: next.start!, text: '' };
  if (prev) return { start: prev.end!, end: prop.end!, text: '' };
  return { start: prop.start!, end: prop.end!, text: '' };
}

function tokens(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** What hand-written headers allow: literal values are read, the rest is 'computed'. */
export function allowedFromSites(sites: HeaderSite[], ast: t.File, knownOrigins: string[] | null = null): AllowedCors {
  const origins = new Set<string>(knownOrigins ?? []);
  let anyOrigin = false;
  let computed = false;
  const methods = new Set<string>();
  const headers = new Set<string>();
  const expose = new Set<string>();
  let credentials = false;
  let maxAge: number | null = null;
  let privateNetwork = false;
  for (const s of sites) {
    const v = readLiteral(s.value, ast);
    const str = v.kind === 'string' ? v.value : v.kind === 'number' ? String(v.value) : v.kind === 'boolean' ? String(v.value) : null;
    switch (s.name) {
      case 'access-control-allow-origin':
        if (str === '*') anyOrigin = true;
        else if (str !== null) origins.add(str);
        else if (knownOrigins === null) computed = true;
        break;
      case 'access-control-allow-methods':
        if (str !== null) tokens(str).forEach((m) => methods.add(m));
        break;
      case 'access-control-allow-headers':
        if (str !== null) tokens(str).forEach((h) => headers.add(h.toLowerCase()));
        break;
      case 'access-control-expose-headers':
        if (str !== null) tokens(str).forEach((h) => expose.add(h.toLowerCase()));
        break;
      case 'access-control-allow-credentials':
        credentials = credentials || str === 'true';
        break;
      case 'access-control-max-age':
        if (str !== null && /^-?\d+$/.test(str)) maxAge = Number(str);
        break;
      case 'access-control-allow-private-network':
        privateNetwork = privateNetwork || str === 'true';
        break;
    }
  }
  return {
    origins: origins.size ? [...origins] : anyOrigin ? 'any' : computed ? 'computed' : [],
    methods: [...methods],
    allowHeaders: [...headers],
    exposeHeaders: [...expose],
    credentials,
    maxAgeSeconds: maxAge,
    privateNetwork,
  };
}

/** The edits that remove these sites; an object left with no property becomes `{}`. */
export function removalEdits(sites: HeaderSite[]): OffsetEdit[] {
  const edits: OffsetEdit[] = [];
  const emptied = new Set<t.ObjectExpression>();
  for (const s of sites) {
    if (s.object && !emptied.has(s.object) && s.object.properties.every((p) => sites.some((x) => x.node === p))) emptied.add(s.object);
  }
  for (const obj of emptied) edits.push({ start: obj.start! + 1, end: obj.end! - 1, text: '' });
  for (const s of sites) if (!s.object || !emptied.has(s.object)) edits.push(s.removal);
  return edits;
}
