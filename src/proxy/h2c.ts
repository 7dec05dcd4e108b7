// `curl --http2 http://…` (and other HTTP/2-capable clients) ask an http:// server
// to switch to HTTP/2 with "Upgrade: h2c". A server may ignore that and answer in
// HTTP/1.1, which is what the proxy does: it does not speak HTTP/2 to its upstreams,
// and passing the upgrade on would hand the client a protocol nobody on the way
// understands. The request goes on without Upgrade, HTTP2-Settings and their
// Connection tokens (all hop-by-hop, so nothing end to end changes).
import type { IncomingMessage } from 'node:http';

function tokens(value: string): string[] {
  return value.split(',').map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
}

/** True when the request's Upgrade header lines name h2c and nothing else. */
export function asksOnlyForH2c(raw: readonly string[]): boolean {
  let seen = false;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i].length !== 7 || raw[i].toLowerCase() !== 'upgrade') continue;
    for (const t of tokens(raw[i + 1])) {
      if (t !== 'h2c') return false;
      seen = true;
    }
  }
  return seen;
}

const H2C_CONNECTION_TOKENS: ReadonlySet<string> = new Set(['upgrade', 'http2-settings']);

/** The request's head as it came, minus the h2c upgrade (see above), ready to be read again. */
export function headWithoutH2c(req: IncomingMessage): Buffer {
  const raw = req.rawHeaders;
  let head = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (name === 'upgrade' || name === 'http2-settings') continue;
    if (name === 'connection') {
      const kept = raw[i + 1].split(',').filter((t) => t.trim() !== '' && !H2C_CONNECTION_TOKENS.has(t.trim().toLowerCase()));
      if (kept.length > 0) head += `${raw[i]}: ${kept.map((t) => t.trim()).join(', ')}\r\n`;
      continue;
    }
    head += `${raw[i]}: ${raw[i + 1]}\r\n`;
  }
  return Buffer.from(`${head}\r\n`, 'latin1');
}
