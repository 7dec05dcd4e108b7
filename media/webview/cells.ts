// What the list's cells say for a row, kept free of the DOM so it can be tested in
// Node: the reason (short in the cell, in full in its tooltip) and the status
// (the actual request's, with the preflight's beside it).
import type { PairRow } from './protocol';

/** The reason as the Reason column shows it. */
export function reasonText(row: PairRow): string {
  if (row.corsError) return row.stage === 'preflight' && !row.corsError.startsWith('Preflight') ? `${row.corsError} (preflight)` : row.corsError;
  if (row.error) return row.error;
  return '';
}

/** The reason in full, for the cell's tooltip (the cell itself may be cut). */
export function reasonTitle(row: PairRow): string {
  if (row.corsError) {
    const what = row.verdict === 'warn' ? 'At risk' : 'Blocked';
    const where = row.stage === 'preflight' ? ' on the preflight' : row.stage === 'request' ? ' on the actual request' : '';
    return `${what}${where}: ${row.corsError}${row.failedParameter ? ` (${row.failedParameter})` : ''}`;
  }
  if (row.error) return `No response: ${row.error}`;
  return '';
}

export interface StatusCell {
  /** The actual request's status ('—' when it got none or was never sent). */
  main: string;
  /** The preflight's status, shown beside it; null when there was no preflight. */
  preflight: string | null;
  title: string;
}

export function statusCell(row: PairRow): StatusCell {
  const redirects = row.hops > 1 ? ` (${row.hops - 1} redirect${row.hops > 2 ? 's' : ''})` : '';
  const main = row.requestId && row.status !== null ? `${row.status}${redirects}` : '—';
  const preflight = row.preflightId ? `preflight ${row.preflightStatus ?? '—'}` : null;
  const parts: string[] = [];
  if (row.requestId) parts.push(row.status !== null ? `Actual request: ${row.status}${redirects}` : 'Actual request: no response');
  else if (row.preflightId) parts.push('The browser did not send the actual request');
  if (row.preflightId) parts.push(`preflight: ${row.preflightStatus ?? 'no response'}`);
  return { main, preflight, title: parts.join('; ') };
}

/**
 * Text off the wire with its control characters made visible: a reason phrase or
 * header value may carry bytes such as 0x01 that would otherwise render as nothing
 * or as a box. Each becomes `\xNN`; tabs, which HTTP allows in values, stay.
 */
export function visibleText(text: string): string {
  return text.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
