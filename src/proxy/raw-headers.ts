// Header lists exactly as they crossed the wire. Node merges repeated headers in
// `headers`; `rawHeaders` keeps every line with its case and order, so we use it
// everywhere fidelity matters.
import type { OutgoingMessage } from 'node:http';
import type { HeaderList } from '../core/http/types';

// Node's parser makes fresh strings for every header line, and a recorder keeps
// thousands of exchanges whose lines mostly repeat (names, content types, the origin,
// the host). Sharing one copy of each recent short string keeps records small.
const INTERN_LIMIT = 4096;
const INTERN_MAX_LENGTH = 256;
let interned = new Map<string, string>();
function intern(s: string): string {
  if (s.length > INTERN_MAX_LENGTH) return s;
  const known = interned.get(s);
  if (known !== undefined) return known;
  // Bounded: start over when full (values that change every request, e.g. ids, pass through).
  if (interned.size >= INTERN_LIMIT) interned = new Map();
  interned.set(s, s);
  return s;
}

export function toHeaderList(raw: readonly string[]): HeaderList {
  const list: HeaderList = new Array(raw.length >> 1);
  for (let i = 0; i + 1 < raw.length; i += 2) list[i >> 1] = [intern(raw[i]), intern(raw[i + 1])];
  return list;
}

/** The raw list minus the named headers (lower-case names). Returns the same array when nothing is dropped. */
export function withoutHeaders(raw: string[], dropLower: ReadonlySet<string>): string[] {
  let out: string[] | null = null;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (dropLower.has(raw[i].toLowerCase())) {
      if (!out) out = raw.slice(0, i);
    } else if (out) {
      out.push(raw[i], raw[i + 1]);
    }
  }
  return out ?? raw;
}

/**
 * Replaces the headers of a request that has not been sent yet with the raw list.
 * Case is kept and repeated names go out as separate lines. Node's outgoing API
 * groups lines by name, so a name that repeats with another header in between is
 * sent with its lines next to each other (the only reordering left).
 */
export function applyRawHeaders(out: OutgoingMessage, raw: readonly string[]): void {
  for (const name of out.getHeaderNames()) out.removeHeader(name);
  const grouped = new Map<string, { name: string; values: string[] }>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const lower = raw[i].toLowerCase();
    const entry = grouped.get(lower);
    if (entry) entry.values.push(raw[i + 1]);
    else grouped.set(lower, { name: raw[i], values: [raw[i + 1]] });
  }
  for (const { name, values } of grouped.values()) {
    out.setHeader(name, values.length === 1 ? values[0] : values);
  }
}

/**
 * rawHeaders as a header object keyed by each name's first-seen spelling, repeats
 * as arrays (so they go out as separate lines). `drop` names (lower-case) are left out.
 * `reverseKeys` lists the names last-seen-first (runs once per proxied request, so
 * the order is chosen while building instead of by copying).
 */
export function rawHeaderObject(raw: readonly string[], drop?: ReadonlySet<string>, reverseKeys = false): Record<string, string | string[]> {
  const names: string[] = [];
  const values: Array<string | string[]> = [];
  const position: Record<string, number> = Object.create(null);
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i];
    const lower = name.toLowerCase();
    if (drop?.has(lower)) continue;
    const at = position[lower];
    if (at === undefined) {
      position[lower] = names.length;
      names.push(name);
      values.push(raw[i + 1]);
    } else {
      const prev = values[at];
      if (Array.isArray(prev)) prev.push(raw[i + 1]);
      else values[at] = [prev, raw[i + 1]];
    }
  }
  // No prototype: a header may be called "__proto__".
  const out: Record<string, string | string[]> = Object.create(null);
  if (reverseKeys) for (let k = names.length - 1; k >= 0; k--) out[names[k]] = values[k];
  else for (let k = 0; k < names.length; k++) out[names[k]] = values[k];
  return out;
}
