// A finding in server code, and what its quick fix may rewrite.
import type { Range } from '../../codefix/types';
import type { FindingId, Severity } from '../types';

/** Offsets in the file's text of what the quick fix rewrites to an exact allow-list. */
export type Repair =
  /**
   * Replace [start, end) (the value of a middleware's `origin` option) with the allow-list in
   * that middleware's idiom; `insert`: the option is absent, add it at `start` (just inside the braces);
   * `property`: [start, end) is the whole `origin(...) {}` method, replaced by `origin: <allow-list>`.
   */
  | { kind: 'origin-option'; start: number; end: number; module: string; insert?: boolean; property?: boolean }
  /** Put `if (<allow-list>.includes(<origin>))` in front of the statement that sets the header, and send Vary: Origin. */
  | { kind: 'guard-statement'; start: number; end: number; originText: string; varyCall: string | null; value: { start: number; end: number } }
  /** Replace the test [start, end) of the `if` that checks the origin with an allow-list check. */
  | { kind: 'replace-check'; start: number; end: number; originText: string }
  /** nginx: the `add_header Access-Control-Allow-Origin` line [start, end); its block gets an exact allow-list (a literal, or a map). */
  | { kind: 'nginx-allow-list'; start: number; end: number };

export interface StaticFinding {
  id: FindingId;
  severity: Severity;
  /** One line, shown in Problems. */
  title: string;
  detail: string;
  fix: string;
  file: string;
  /** Where the problem is shown (0-based). */
  range: Range;
  /** The quick fix's rewrite, or null when the code cannot be rewritten safely. */
  repair: Repair | null;
  /** Whether credentials are allowed by the same configuration. */
  credentials: boolean;
}
