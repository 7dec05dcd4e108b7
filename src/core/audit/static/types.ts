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
  /**
   * Python middleware settings (Flask-CORS, Starlette's CORSMiddleware, django-cors-headers):
   * apply `neutralize` (drop the flawed patterns), then let the framework's quick-fix
   * generator write the exact allow-list in its own idiom.
   */
  | { kind: 'framework-allow-list'; framework: PythonFramework; neutralize: Array<{ start: number; end: number; text: string }> }
  /**
   * Put `if <origin> in [<allow-list>]:` around the Python statement that sets the header;
   * `vary`: add Vary: Origin to `response` in front of it, in that framework's idiom.
   */
  | { kind: 'py-guard-statement'; start: number; end: number; originText: string; value: { start: number; end: number }; vary: { framework: PythonFramework; response: string } | null }
  /** Replace the condition [start, end) of the Python `if` that checks the origin with `<origin> in [<allow-list>]`. */
  | { kind: 'py-replace-check'; start: number; end: number; originText: string }
  /** nginx: the `add_header Access-Control-Allow-Origin` line [start, end); its block gets an exact allow-list (a literal, or a map). */
  | { kind: 'nginx-allow-list'; start: number; end: number };

/** The Python frameworks whose CORS code the static audit reads. */
export type PythonFramework = 'flask' | 'fastapi' | 'django';

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
