// Fetches the source maps a page's scripts name and maps initiator locations
// through them (the mapping itself is src/core/browser/source-map.ts).
import { inlineSourceMap, SourceMap, sourceMappingUrl } from '../core/browser/source-map';
import type { SourceLocation } from '../core/exchange/types';

type Fetcher = (url: string) => Promise<{ text: string; sourceMapHeader: string | null } | null>;

async function httpFetch(url: string): Promise<{ text: string; sourceMapHeader: string | null } | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) return null;
    return { text: await res.text(), sourceMapHeader: res.headers.get('sourcemap') ?? res.headers.get('x-sourcemap') };
  } catch {
    return null;
  }
}

export class SourceMapResolver {
  private readonly maps = new Map<string, Promise<SourceMap | null>>();

  constructor(private readonly fetcher: Fetcher = httpFetch) {}

  /** The location in the original source, when the script has a source map that covers it. */
  async map(location: SourceLocation): Promise<SourceLocation> {
    if (!/^https?:/i.test(location.url)) return location;
    const map = await this.mapFor(location.url);
    const original = map?.originalPositionFor(location.line, location.column);
    if (!original) return location;
    return {
      url: original.source,
      line: original.line,
      column: original.column,
      functionName: location.functionName || original.name || '',
      generated: { url: location.url, line: location.line, column: location.column },
    };
  }

  private mapFor(scriptUrl: string): Promise<SourceMap | null> {
    let pending = this.maps.get(scriptUrl);
    if (!pending) {
      pending = this.load(scriptUrl).catch(() => null);
      this.maps.set(scriptUrl, pending);
    }
    return pending;
  }

  private async load(scriptUrl: string): Promise<SourceMap | null> {
    const script = await this.fetcher(scriptUrl);
    if (!script) return null;
    const mapUrl = script.sourceMapHeader ? new URL(script.sourceMapHeader, scriptUrl).href : sourceMappingUrl(script.text, scriptUrl);
    if (!mapUrl) return null;
    const inline = inlineSourceMap(mapUrl);
    if (inline !== null) return new SourceMap(inline, scriptUrl);
    const fetched = await this.fetcher(mapUrl);
    return fetched ? new SourceMap(fetched.text, mapUrl) : null;
  }
}
