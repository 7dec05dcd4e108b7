// The messages between the extension host and the panel's webview. Both sides
// import this file; the host validates everything the webview sends because a
// webview is a browser page showing network data and must not be trusted.
import type { ExchangeRecord } from '../../src/core/exchange/types';
import type { PassiveFinding, Severity } from '../../src/core/audit/types';

export type RowVerdict = 'pass' | 'fail' | 'warn' | 'not-cors' | 'error';

/** One line of the list: a preflight and its actual request shown together. */
export interface PairRow {
  /** pairId, or the record id for an exchange with no partner. */
  key: string;
  /** Order of first appearance, so updates keep a row in place. */
  seq: number;
  preflightId: string | null;
  requestId: string | null;
  method: string;
  url: string;
  path: string;
  origin: string | null;
  /** Status of the actual request, or null when none was seen. */
  status: number | null;
  preflightStatus: number | null;
  /** Number of actual-request exchanges: 1, or more when redirects were followed. */
  hops: number;
  verdict: RowVerdict;
  corsError: string | null;
  /** As Chromium reports it with corsError ('' when none). */
  failedParameter: string;
  /** Where it failed: the preflight or the actual request. */
  stage: 'preflight' | 'request' | null;
  /** Network error code when the server never answered. */
  error: string | null;
  startedAt: string;
  durationMs: number;
  /** The worst security finding (CORS audit) among the row's exchanges, if any. */
  audit?: Severity | null;
}

export interface PanelStatus {
  running: boolean;
  proxyUrl: string | null;
  target: string | null;
}

/** What the extension can change in the server's code for one row (sent after its 'detail'). */
export interface CodeFixOffer {
  /** The quick fix, by what it does ("Allow origin http://localhost:5173 with credentials"); null when none is offered. */
  title: string | null;
  /** Why no fix is offered (nothing found to edit, or no code change can fix it); null when one is. */
  reason: string | null;
  /** The line to change, for display as a link ("api/server.js:43", 1-based); null when not found. */
  source: { label: string } | null;
}

export type ToWebview =
  | { type: 'reset'; rows: PairRow[]; status: PanelStatus }
  /** quiet: the rest of a full list being re-sent, not new traffic (no announcements). */
  | { type: 'rows'; rows: PairRow[]; removed: string[]; quiet?: boolean }
  | { type: 'status'; status: PanelStatus }
  | { type: 'detail'; key: string; preflight: ExchangeRecord | null; requests: ExchangeRecord[]; findings?: PassiveFinding[] }
  | { type: 'notice'; text: string }
  | { type: 'codeFix'; key: string; offer: CodeFixOffer };

export const PANEL_COMMANDS = ['start', 'stop', 'clear', 'exportHar', 'importHar', 'openBrowser', 'openWalkthrough'] as const;
export type PanelCommand = (typeof PANEL_COMMANDS)[number];

export type FromWebview =
  | { type: 'ready' }
  | { type: 'detail'; key: string }
  | { type: 'copyCurl'; id: string }
  | { type: 'copyFix'; key: string }
  | { type: 'command'; command: PanelCommand }
  /** Open the page's code that made request `id` (or, for 'canvas', the canvas read a tainted image broke) in the editor. */
  | { type: 'openInitiator'; id: string; which: 'initiator' | 'canvas' }
  /** Apply the row's quick fix to the server's code (the host plans it again from the row's records). */
  | { type: 'applyFix'; key: string }
  /** Open the editor at the line the row's fix changes. */
  | { type: 'openSource'; key: string };

const MAX_ID = 200;

function isId(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_ID;
}

/** Accepts only the exact message shapes above; anything else is dropped. */
export function parseFromWebview(msg: unknown): FromWebview | null {
  if (typeof msg !== 'object' || msg === null) return null;
  const m = msg as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'detail':
      return isId(m.key) ? { type: 'detail', key: m.key } : null;
    case 'copyFix':
    case 'applyFix':
    case 'openSource':
      return isId(m.key) ? { type: m.type, key: m.key } : null;
    case 'copyCurl':
      return isId(m.id) ? { type: 'copyCurl', id: m.id } : null;
    case 'openInitiator':
      return isId(m.id) && (m.which === 'initiator' || m.which === 'canvas') ? { type: 'openInitiator', id: m.id, which: m.which } : null;
    case 'command':
      return (PANEL_COMMANDS as readonly unknown[]).includes(m.command)
        ? { type: 'command', command: m.command as PanelCommand }
        : null;
    default:
      return null;
  }
}
