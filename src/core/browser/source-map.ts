// Source Map v3: where a generated line and column came from. Only reading: the
// "mappings" Base64-VLQ segments, "sources" (with "sourceRoot"), "names", and
// index maps ("sections"). The caller fetches the map; this module does no I/O.

export interface OriginalPosition {
  /** The source's URL, resolved against the map's URL and sourceRoot. */
  source: string;
  /** 1-based, like every location we show. */
  line: number;
  column: number;
  name?: string;
}

interface Segment {
  column: number;
  source: number;
  line: number;
  sourceColumn: number;
  name: number;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** Decodes one line's comma-separated segments, each a list of VLQ numbers. */
function decodeSegments(text: string): number[][] {
  const out: number[][] = [];
  for (const part of text.split(',')) {
    if (!part) continue;
    const values: number[] = [];
    let value = 0;
    let shift = 0;
    for (const c of part) {
      const digit = DIGIT.get(c);
      if (digit === undefined) throw new Error(`invalid character ${JSON.stringify(c)} in source map mappings`);
      value += (digit & 31) * 2 ** shift;
      if (digit & 32) {
        shift += 5;
        continue;
      }
      values.push(value & 1 ? -Math.floor(value / 2) : Math.floor(value / 2));
      value = 0;
      shift = 0;
    }
    out.push(values);
  }
  return out;
}

function resolve(url: string, base: string): string {
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

interface MapJson {
  version?: number;
  sources?: Array<string | null>;
  sourceRoot?: string;
  names?: string[];
  mappings?: string;
  sections?: Array<{ offset: { line: number; column: number }; map: MapJson }>;
}

export class SourceMap {
  private readonly lines: Segment[][] = [];
  private readonly sources: string[];
  private readonly names: string[];
  private readonly sections: Array<{ line: number; column: number; map: SourceMap }> = [];

  /** `mapUrl`: where the map was read from (sources resolve against it). */
  constructor(json: unknown, mapUrl: string) {
    const map = (typeof json === 'string' ? JSON.parse(json) : json) as MapJson;
    if (!map || typeof map !== 'object') throw new Error('a source map must be a JSON object');
    this.names = map.names ?? [];
    const root = map.sourceRoot ? (map.sourceRoot.endsWith('/') ? map.sourceRoot : map.sourceRoot + '/') : '';
    this.sources = (map.sources ?? []).map((s) => resolve(root + (s ?? ''), mapUrl));
    if (map.sections) {
      for (const section of map.sections) this.sections.push({ line: section.offset.line, column: section.offset.column, map: new SourceMap(section.map, mapUrl) });
      return;
    }
    let state: Segment = { column: 0, source: 0, line: 0, sourceColumn: 0, name: 0 };
    for (const lineText of (map.mappings ?? '').split(';')) {
      const segments: Segment[] = [];
      state = { ...state, column: 0 };
      for (const values of decodeSegments(lineText)) {
        state = { ...state, column: state.column + values[0] };
        if (values.length >= 4) {
          state = { ...state, source: state.source + values[1], line: state.line + values[2], sourceColumn: state.sourceColumn + values[3] };
          if (values.length >= 5) state = { ...state, name: state.name + values[4] };
          segments.push(values.length >= 5 ? state : { ...state, name: -1 });
        }
      }
      this.lines.push(segments);
    }
  }

  /** The original position of a generated one (both 1-based), or null when nothing maps there. */
  originalPositionFor(line: number, column: number): OriginalPosition | null {
    if (this.sections.length > 0) {
      // Index map: the last section whose (0-based) offset is at or before the position.
      const at = { line: line - 1, column: column - 1 };
      let chosen: (typeof this.sections)[number] | undefined;
      for (const section of this.sections) {
        if (section.line < at.line || (section.line === at.line && section.column <= at.column)) chosen = section;
      }
      if (!chosen) return null;
      const relativeLine = at.line - chosen.line;
      const relativeColumn = relativeLine === 0 ? at.column - chosen.column : at.column;
      return chosen.map.originalPositionFor(relativeLine + 1, relativeColumn + 1);
    }
    const segments = this.lines[line - 1];
    if (!segments || segments.length === 0) return null;
    // The last segment that starts at or before the column (columns are 0-based inside the map).
    let found: Segment | undefined;
    for (const seg of segments) {
      if (seg.column <= column - 1) found = seg;
      else break;
    }
    found ??= segments[0];
    const source = this.sources[found.source];
    if (source === undefined) return null;
    return {
      source,
      line: found.line + 1,
      column: found.sourceColumn + 1,
      name: found.name >= 0 ? this.names[found.name] : undefined,
    };
  }
}

/** The sourceMappingURL a script names in its last `//# sourceMappingURL=` comment, resolved; or null. */
export function sourceMappingUrl(scriptText: string, scriptUrl: string): string | null {
  const matches = [...scriptText.matchAll(/[#@]\s*sourceMappingURL=\s*(\S+)\s*(?:\*\/)?\s*$/gm)];
  if (matches.length === 0) return null;
  return resolve(matches[matches.length - 1][1], scriptUrl);
}

/** The JSON text of a `data:application/json[;base64],…` source map URL, or null for other URLs. */
export function inlineSourceMap(url: string): string | null {
  const m = /^data:application\/json(?:;charset=[^;,]+)?(;base64)?,(.*)$/i.exec(url);
  if (!m) return null;
  if (!m[1]) return decodeURIComponent(m[2]);
  const binary = atob(m[2]);
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
