// The order in which Chromium checks a request's CORS-unsafe headers against a
// preflight's Access-Control-Allow-Headers, and so which refused header it names.
//
// Chromium walks the request's header list and reports the first name the preflight
// does not allow. That list is built from Blink's HTTPHeaderMap: a WTF hash table keyed
// case-insensitively, iterated in bucket order. So the order is neither the page's
// order nor the sorted order the preflight shows; it follows from the hash of each
// lower-cased name and the size of the table. Measured against Chromium 156: with
// X-Api-Key and X-Trace refused it names x-trace; the whole-list order of 50 random
// header sets on the wire matched this model for fetch() and for XMLHttpRequest.
//
// The model: each name, lower-cased and read as UTF-16, is hashed with rapidhash
// (Chromium's string hasher) and cut to 24 bits; the table starts with 8 buckets,
// doubles when half full, and resolves collisions by triangular probing.
// fetch() inserts the page's headers in sorted order (its header list is sorted),
// XMLHttpRequest in setRequestHeader order; then Blink adds the user-agent client hints
// (on secure or loopback URLs) and User-Agent.

const MASK64 = (1n << 64n) - 1n;
const SECRET = [0x2d358dccaa6c78a5n, 0x8bb84b93962eacc9n, 0x4b33a62ed433d4a3n] as const;
const SEED = 0xbdd89aa982704029n;

function multiply(a: bigint, b: bigint): [bigint, bigint] {
  const product = a * b;
  return [product & MASK64, (product >> 64n) & MASK64];
}

function mix(a: bigint, b: bigint): bigint {
  const [low, high] = multiply(a, b);
  return low ^ high;
}

/** rapidhash (64-bit) of a byte string, with its default seed and secrets. */
export function rapidhash(bytes: Uint8Array): bigint {
  const len = bytes.length;
  const read32 = (at: number): bigint =>
    BigInt(bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16)) | (BigInt(bytes[at + 3]) << 24n);
  const read64 = (at: number): bigint => read32(at) | (read32(at + 4) << 32n);
  let seed = SEED ^ mix(SEED ^ SECRET[0], SECRET[1]) ^ BigInt(len);
  let a: bigint;
  let b: bigint;
  if (len <= 16) {
    if (len >= 4) {
      const last = len - 4;
      const delta = (len & 24) >> (len >> 3);
      a = (read32(0) << 32n) | read32(last);
      b = (read32(delta) << 32n) | read32(last - delta);
    } else if (len > 0) {
      a = (BigInt(bytes[0]) << 56n) | (BigInt(bytes[len >> 1]) << 32n) | BigInt(bytes[len - 1]);
      b = 0n;
    } else {
      a = 0n;
      b = 0n;
    }
  } else {
    let rest = len;
    let at = 0;
    if (rest > 48) {
      let seed1 = seed;
      let seed2 = seed;
      do {
        seed = mix(read64(at) ^ SECRET[0], read64(at + 8) ^ seed);
        seed1 = mix(read64(at + 16) ^ SECRET[1], read64(at + 24) ^ seed1);
        seed2 = mix(read64(at + 32) ^ SECRET[2], read64(at + 40) ^ seed2);
        at += 48;
        rest -= 48;
      } while (rest >= 48);
      seed ^= seed1 ^ seed2;
    }
    if (rest > 16) {
      seed = mix(read64(at) ^ SECRET[2], read64(at + 8) ^ seed ^ SECRET[1]);
      if (rest > 32) seed = mix(read64(at + 16) ^ SECRET[2], read64(at + 24) ^ seed);
    }
    a = read64(at + rest - 16);
    b = read64(at + rest - 8);
  }
  [a, b] = multiply(a ^ SECRET[1], b ^ seed);
  return mix(a ^ SECRET[0] ^ BigInt(len), b ^ SECRET[1]);
}

/** Blink's case-insensitive hash of a header name: lower-cased, as UTF-16LE, 24 bits, never 0. */
export function headerNameHash(name: string): number {
  const lower = name.toLowerCase();
  const bytes = new Uint8Array(lower.length * 2);
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    bytes[2 * i] = code & 0xff;
    bytes[2 * i + 1] = code >> 8;
  }
  const hash = Number(rapidhash(bytes) & 0xffffffn);
  return hash === 0 ? 0x800000 : hash;
}

/** The hash table Blink keeps request headers in, reduced to what decides its iteration order. */
class HeaderTable {
  private buckets: Array<string | null> = [];

  insert(name: string): void {
    const key = name.toLowerCase();
    if (this.buckets.length === 0) this.rehash(8);
    if (this.buckets.includes(key)) return;
    this.place(key);
    const count = this.keys().length;
    // Grows when half full; rehashing in place instead happens only after removals, which never occur here.
    if (count * 2 >= this.buckets.length) this.rehash(this.buckets.length * 2);
  }

  keys(): string[] {
    return this.buckets.filter((k): k is string => k !== null);
  }

  private place(key: string): void {
    const mask = this.buckets.length - 1;
    let i = headerNameHash(key) & mask;
    for (let probe = 1; this.buckets[i] !== null; probe++) i = (i + probe) & mask;
    this.buckets[i] = key;
  }

  private rehash(size: number): void {
    const old = this.buckets;
    this.buckets = new Array(size).fill(null);
    for (const key of old) if (key !== null) this.place(key);
  }
}

export interface HeaderOrderContext {
  /** The page's own request headers as the page set them (setRequestHeader order for XHR). */
  initiator?: 'fetch' | 'xhr';
  /** Blink adds Sec-CH-UA, -Mobile and -Platform (client hints) to requests to secure or loopback URLs. */
  clientHints: boolean;
}

const CLIENT_HINTS = ['sec-ch-ua', 'sec-ch-ua-mobile', 'sec-ch-ua-platform'];

/**
 * `names` (lower-case) in the order Chromium checks them. `pageHeaders` are every header
 * name the page set (the safelisted ones too: they take buckets), defaulting to `names`.
 */
export function chromiumHeaderOrder(names: string[], ctx: HeaderOrderContext, pageHeaders: string[] = names): string[] {
  const table = new HeaderTable();
  const page = pageHeaders.map((n) => n.toLowerCase());
  for (const n of names) if (!page.includes(n.toLowerCase())) page.push(n.toLowerCase());
  for (const name of ctx.initiator === 'xhr' ? page : [...page].sort()) table.insert(name);
  if (ctx.clientHints) for (const hint of CLIENT_HINTS) table.insert(hint);
  table.insert('user-agent');
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  return table.keys().filter((k) => wanted.has(k));
}

/** Whether Blink sends the user-agent client hints to this URL: https, or a loopback host. */
export function sendsClientHints(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'https:') return true;
  const host = parsed.hostname;
  return host === 'localhost' || host.endsWith('.localhost') || host.startsWith('127.') || host === '[::1]';
}
