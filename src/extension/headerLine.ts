// Narrows a Problem from where the planner says CORS is sent to the line that
// sends the header the browser rejected. The planner points hand-written code at
// the route's Access-Control-Allow-Origin line; when another header failed (say
// Access-Control-Allow-Headers on a preflight), the line that writes that header
// is usually a few lines further in the same response. Pure: text in, line out.

/** How far below the planner's line the failing header may be written. */
const MAX_LINES = 12;

/**
 * The 0-based line that writes `header` (lower-case name, as in a judgement's
 * `header`), searching from `line` down to just before `stopLine` (the next
 * route's declaration, if known). Only applies where `line` itself writes an
 * `Access-Control-*` header as a string; otherwise, or when not found, `line`.
 */
export function failingHeaderLine(text: string, line: number, header: string | undefined, stopLine?: number): number {
  if (!header) return line;
  const lines = text.split('\n');
  // A quoted header name on the line: `'Access-Control-Allow-Headers'`, any case.
  const writes = (l: number, name: RegExp) => new RegExp(`['"\`]${name.source}['"\`]`, 'i').test(lines[l] ?? '');
  if (!writes(line, /access-control-[a-z-]+/)) return line;
  const wanted = new RegExp(header.replace(/[^a-z0-9-]/gi, ''));
  const end = Math.min(lines.length, line + MAX_LINES, stopLine ?? Infinity);
  for (let l = line; l < end; l++) if (writes(l, wanted)) return l;
  return line;
}
