// How new Go code is written: as gofmt prints it (tabs, `"` strings), with the file's
// own line ends.
import { lineSpan } from '../python/style';

export { indentAt, lineSpan } from '../python/style';

export interface GoStyle {
  eol: '\n' | '\r\n';
}

export function detectGoStyle(text: string): GoStyle {
  return { eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

export function goString(value: string): string {
  return JSON.stringify(value);
}

export function goStrings(values: string[]): string {
  return `[]string{${values.map(goString).join(', ')}}`;
}

/** `10 * time.Minute` for 600 seconds: the largest whole unit, as Go code writes durations. */
export function goDuration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} * time.Hour`;
  if (seconds % 60 === 0) return `${seconds / 60} * time.Minute`;
  return `${seconds} * time.Second`;
}

/** The offset where the line holding `offset` starts. */
export function lineStart(text: string, offset: number): number {
  return lineSpan(text, offset, offset).start;
}

/** A header name as Go writes it (net/http's CanonicalHeaderKey): `x-request-id` → `X-Request-Id`. */
export function canonicalHeader(name: string): string {
  return name.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1).toLowerCase()).join('-');
}
