// Header lists exactly as they crossed the wire. Node merges repeated headers in
// `headers`; `rawHeaders` keeps every line with its case and order, so we use it
// everywhere fidelity matters.
import type { HeaderList } from '../core/http/types';

// Node's parser makes fresh strings for every header line, and a recorder keeps
// thousands of exchanges whose heads mostly repeat line for line (a page polling an
// endpoint, one browser's requests). So a head identical to a recent one gets that
// very list again, frozen, which every record holding it shares: no new objects to
// keep, and comparisons of equal heads end at the first pointer check. A new head
// shares the strings of recent lines (names, content types, the origin, the host).
// Each proxy owns one interner: what one proxy saw never reaches another's records.
const RECENT_LISTS = 8;
const INTERN_LIMIT = 4096;
const INTERN_MAX_LENGTH = 256;

/** The shared copies of one proxy's recent header strings and heads. */
export class HeaderInterner {
  private strings = new Map<string, string>();
  /** Most recent first. */
  private readonly recentLists: HeaderList[] = [];

  /** One shared copy of a recent short string. */
  intern(s: string): string {
    if (s.length > INTERN_MAX_LENGTH) return s;
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    // Bounded: start over when full (values that change every request, e.g. ids, pass through).
    if (this.strings.size >= INTERN_LIMIT) this.strings = new Map();
    this.strings.set(s, s);
    return s;
  }

  /** The raw lines as a frozen HeaderList, the same list object as a recent identical head's. */
  headerList(raw: readonly string[]): HeaderList {
    const recent = this.recentLists;
    for (let r = 0; r < recent.length; r++) {
      const list = recent[r];
      if (!sameLines(list, raw)) continue;
      if (r > 0) {
        // Most recent first, so the commonest heads are found at once.
        recent.copyWithin(1, 0, r);
        recent[0] = list;
      }
      return list;
    }
    const list: Array<readonly [string, string]> = new Array(raw.length >> 1);
    for (let i = 0; i + 1 < raw.length; i += 2) list[i >> 1] = Object.freeze([this.intern(raw[i]), this.intern(raw[i + 1])]) as readonly [string, string];
    Object.freeze(list);
    recent.unshift(list);
    if (recent.length > RECENT_LISTS) recent.pop();
    return list;
  }
}

/**
 * The shared copy of a value that mostly repeats at one place (Node makes a new
 * string for every message's version and status text): the last one is compared
 * first, which costs less than hashing the new string to look it up.
 */
export class RepeatedString {
  private last = '';
  constructor(private readonly interner: HeaderInterner) {}
  of(s: string): string {
    return s === this.last ? this.last : (this.last = this.interner.intern(s));
  }
}

function sameLines(list: HeaderList, raw: readonly string[]): boolean {
  if (list.length !== raw.length >> 1) return false;
  for (let i = 0; i < list.length; i++) {
    const line = list[i];
    if (line[0] !== raw[2 * i] || line[1] !== raw[2 * i + 1]) return false;
  }
  return true;
}

/** Header names to leave out of a raw list (lower case), fixed when made. */
export interface HeaderNames {
  readonly lower: ReadonlySet<string>;
  /** Their lengths: most names can be kept without lower-casing them. */
  readonly lengths: ReadonlySet<number>;
}

export function headerNames(...lower: string[]): HeaderNames {
  return Object.freeze({ lower: new Set(lower), lengths: new Set(lower.map((n) => n.length)) });
}

/** The raw list minus the named headers (lower-case names). Returns the same array when nothing is dropped. */
export function withoutHeaders(raw: string[], drop: HeaderNames): string[] {
  const { lower: dropLower, lengths } = drop;
  let out: string[] | null = null;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (lengths.has(raw[i].length) && dropLower.has(raw[i].toLowerCase())) {
      if (!out) out = raw.slice(0, i);
    } else if (out) {
      out.push(raw[i], raw[i + 1]);
    }
  }
  return out ?? raw;
}

/** The first value of a header in a raw list (name given in lower case), or undefined. */
export function rawHeaderValue(raw: readonly string[], lowerName: string): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i];
    if (name.length === lowerName.length && name.toLowerCase() === lowerName) return raw[i + 1];
  }
  return undefined;
}

/**
 * rawHeaders as a header object keyed by each name's first-seen spelling, repeats
 * as arrays (so they go out as separate lines).
 */
export function rawHeaderObject(raw: readonly string[]): Record<string, string | string[]> {
  const names: string[] = [];
  const values: Array<string | string[]> = [];
  const position: Record<string, number> = Object.create(null);
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i];
    const lower = name.toLowerCase();
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
  for (let k = 0; k < names.length; k++) out[names[k]] = values[k];
  return out;
}
