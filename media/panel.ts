// The inspector panel's webview script. Everything it shows came off the network,
// so the DOM is built only with createElement/textContent — never innerHTML.
// The list is virtualized: only the rows in view exist as elements.
import type { ExchangeRecord } from '../src/core/exchange/types';
import type { HeaderList } from '../src/core/http/types';
import type { CorsJudgement } from '../src/core/cors/types';
import type { PassiveFinding, Severity } from '../src/core/audit/types';
import type { CodeFixOffer, FromWebview, PairRow, PanelStatus, ToWebview } from './webview/protocol';
import { RowStore, EMPTY_FILTER, RowFilter, moveSelection, visibleRange, isFailing } from './webview/list';
import { decisiveRecord, formatFix } from './webview/rows';
import { reasonText, reasonTitle, statusCell, visibleText } from './webview/cells';
import { DEFAULT_LIST_SHARE, clampShare, shareForKey } from './webview/split';

interface VsCodeApi {
  postMessage(msg: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface SavedState {
  filter: RowFilter;
  selectedKey: string | null;
  detailOpen: boolean;
  scrollTop: number;
  /** The list's share of the height while the detail is open (the splitter). */
  listShare: number;
}

const vscode = acquireVsCodeApi();
const ROW_HEIGHT = 24;

const store = new RowStore();
let status: PanelStatus = { running: false, proxyUrl: null, target: null };
let selectedKey: string | null = null;
let detailOpen = false;
let listShare = DEFAULT_LIST_SHARE;
let detailData: Extract<ToWebview, { type: 'detail' }> | null = null;
/** The extension's answer about fixing the detail's row in code (arrives after the detail). */
let codeFix: { key: string; offer: CodeFixOffer } | null = null;
let announceTimer: number | undefined;
let pendingAnnouncements: PairRow[] = [];

const saved = readState();
if (saved) {
  store.setFilter(saved.filter);
  selectedKey = saved.selectedKey;
  detailOpen = saved.detailOpen;
  listShare = saved.listShare;
}

// ---- small DOM helpers -------------------------------------------------------

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; attrs?: Record<string, string> } = {},
  children: Array<Node | null> = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  if (props.attrs) for (const [k, v] of Object.entries(props.attrs)) node.setAttribute(k, v);
  for (const c of children) if (c) node.appendChild(c);
  return node;
}

function icon(name: string): HTMLElement {
  return el('span', { className: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

function iconButton(codicon: string, label: string, onClick: () => void, id?: string): HTMLButtonElement {
  const b = el('button', { className: 'icon-button', attrs: { type: 'button', title: label, 'aria-label': label } }, [icon(codicon)]);
  if (id) b.id = id;
  b.addEventListener('click', onClick);
  return b;
}

const VERDICT_LOOK: Record<PairRow['verdict'], { icon: string; text: string }> = {
  fail: { icon: 'error', text: 'Blocked' },
  error: { icon: 'debug-disconnect', text: 'No response' },
  warn: { icon: 'warning', text: 'Warning' },
  pass: { icon: 'pass', text: 'Allowed' },
  'not-cors': { icon: 'circle-small', text: 'Not CORS' },
};

function badge(verdict: PairRow['verdict']): HTMLElement {
  const look = VERDICT_LOOK[verdict];
  return el('span', { className: `badge badge-${verdict}` }, [icon(look.icon), el('span', { text: look.text })]);
}

// ---- layout -------------------------------------------------------------------

const statusText = el('span', { className: 'status-text', attrs: { id: 'status-text' } });
const startStop = iconButton('play', 'Start inspector', () => post({ type: 'command', command: status.running ? 'stop' : 'start' }), 'start-stop');
const toolbar = el('div', { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'CORS Inspector' } }, [
  startStop,
  iconButton('clear-all', 'Clear exchanges', () => post({ type: 'command', command: 'clear' }), 'clear'),
  iconButton('browser', 'Open browser through inspector', () => post({ type: 'command', command: 'openBrowser' })),
  iconButton('save', 'Export HAR', () => post({ type: 'command', command: 'exportHar' })),
  iconButton('folder-opened', 'Import HAR', () => post({ type: 'command', command: 'importHar' })),
  statusText,
]);

const failingOnly = el('input', { attrs: { type: 'checkbox', id: 'filter-failing' } });
const methodSelect = el('select', { attrs: { id: 'filter-method', 'aria-label': 'Method' } });
const textFilter = el('input', { attrs: { type: 'search', id: 'filter-text', placeholder: 'Filter by path', 'aria-label': 'Filter by path' } });
const counts = el('span', { className: 'counts', attrs: { id: 'counts' } });
const filters = el('div', { className: 'filters' }, [
  el('label', { className: 'check' }, [failingOnly, el('span', { text: 'Failing only' })]),
  methodSelect,
  textFilter,
  counts,
]);

const header = el('div', { className: 'row header', attrs: { 'aria-hidden': 'true' } }, [
  el('span', { className: 'c-verdict', text: 'Result' }),
  el('span', { className: 'c-method', text: 'Method' }),
  el('span', { className: 'c-path', text: 'Path' }),
  el('span', { className: 'c-status', text: 'Status' }),
  el('span', { className: 'c-reason', text: 'Reason' }),
  el('span', { className: 'c-origin', text: 'Origin' }),
]);
const spacer = el('div', { className: 'spacer' });
const list = el(
  'div',
  { className: 'list', attrs: { id: 'list', role: 'listbox', tabindex: '0', 'aria-label': 'Cross-origin exchanges' } },
  [spacer],
);
const empty = el('div', { className: 'empty-text' });
const emptyActions = el('div', { className: 'actions empty-actions' }, [
  textButton('play', 'Start CORS Inspector', () => post({ type: 'command', command: 'start' }), 'empty-start'),
  textButton('book', 'Get started', () => post({ type: 'command', command: 'openWalkthrough' }), 'empty-walkthrough'),
]);
const emptyBox = el('div', { className: 'empty', attrs: { id: 'empty' } }, [empty, emptyActions]);
const table = el('div', { className: 'table' }, [header, list, emptyBox]);
const splitter = el('div', {
  className: 'splitter',
  attrs: {
    id: 'splitter', role: 'separator', tabindex: '0', 'aria-orientation': 'horizontal', 'aria-controls': 'detail',
    'aria-label': 'Resize the list and the detail', 'aria-valuemin': '0', 'aria-valuemax': '100',
    title: 'Drag to resize (or focus and use the arrow keys); double-click to reset',
  },
});
const detail = el('section', { className: 'detail', attrs: { id: 'detail', 'aria-label': 'Exchange detail', tabindex: '-1', hidden: '' } });
const main = el('div', { className: 'main' }, [table, splitter, detail]);
const live = el('div', { className: 'sr-only', attrs: { id: 'live', role: 'status', 'aria-live': 'polite' } });

document.body.append(toolbar, filters, main, live);

// ---- list rendering -------------------------------------------------------------
// Each row on screen keeps its element for as long as it stays in view: updates
// change its cells in place, so the element under the pointer is never replaced
// (a double-click, a hover and a text selection survive live traffic).

interface RowView {
  node: HTMLElement;
  row: PairRow | null;
  badge: HTMLElement;
  method: HTMLElement;
  pairTag: HTMLElement;
  path: HTMLElement;
  status: HTMLElement;
  preflightStatus: HTMLElement;
  reason: HTMLElement;
  origin: HTMLElement;
}

const views = new Map<string, RowView>();

function createRowView(): RowView {
  const badgeCell = el('span', { className: 'c-verdict' });
  const method = el('span', { className: 'c-method' });
  const pairTag = el('span', { className: 'pair-tag', text: 'preflight + ', attrs: { title: 'Preflight and actual request' } });
  const path = el('span', { className: 'path-text' });
  const pathCell = el('span', { className: 'c-path' }, [pairTag, path]);
  const status = el('span', { className: 'status-main' });
  const preflightStatus = el('span', { className: 'status-preflight' });
  const statusCellEl = el('span', { className: 'c-status' }, [status, preflightStatus]);
  const reason = el('span', { className: 'c-reason' });
  const origin = el('span', { className: 'c-origin' });
  const node = el('div', { attrs: { role: 'option' } }, [badgeCell, method, pathCell, statusCellEl, reason, origin]);
  return { node, row: null, badge: badgeCell, method, pairTag, path, status, preflightStatus, reason, origin };
}

/** Writes a row's data into its view's cells (the elements stay). */
function fillRow(view: RowView, row: PairRow): void {
  const previous = view.row;
  view.row = row;
  if (previous?.verdict !== row.verdict || previous?.audit !== row.audit) view.badge.replaceChildren(badge(row.verdict), ...(row.audit ? [auditBadge(row.audit)] : []));
  view.method.textContent = row.method;
  view.pairTag.hidden = !row.preflightId;
  view.path.textContent = row.path;
  view.path.parentElement!.title = row.url;
  const st = statusCell(row);
  view.status.textContent = st.main;
  view.preflightStatus.textContent = st.preflight ?? '';
  view.preflightStatus.hidden = st.preflight === null;
  view.status.parentElement!.title = st.title;
  const reason = reasonText(row);
  view.reason.textContent = reason;
  view.reason.title = reasonTitle(row);
  view.origin.textContent = row.origin ?? '';
  view.origin.title = row.origin ?? '';
  const look = VERDICT_LOOK[row.verdict];
  view.node.id = rowId(row.key);
  view.node.dataset.key = row.key;
  const risk = row.audit ? `, security finding: ${SEVERITY_TEXT[row.audit].toLowerCase()}` : '';
  view.node.setAttribute('aria-label', `${look.text}: ${row.method} ${row.path}${row.preflightId ? ', with preflight' : ''}${reason ? `, ${reason}` : ''}${risk}`);
}

/** Position, selection and the verdict class: what changes without the row's data changing. */
function placeRow(view: RowView, row: PairRow, index: number, count: number): void {
  const selected = row.key === selectedKey;
  const className = `row verdict-${row.verdict}${selected ? ' selected' : ''}`;
  if (view.node.className !== className) view.node.className = className;
  view.node.setAttribute('aria-selected', String(selected));
  view.node.setAttribute('aria-setsize', String(count));
  view.node.setAttribute('aria-posinset', String(index + 1));
  const top = `${index * ROW_HEIGHT}px`;
  if (view.node.style.top !== top) view.node.style.top = top;
}

function renderList(): void {
  const rows = store.visible();
  spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
  const { start, end } = visibleRange(list.scrollTop, list.clientHeight || 400, ROW_HEIGHT, rows.length);
  const shown = new Set<string>();
  for (let i = start; i < end; i++) {
    const row = rows[i];
    shown.add(row.key);
    let view = views.get(row.key);
    if (!view) {
      view = createRowView();
      views.set(row.key, view);
      list.appendChild(view.node);
    }
    if (view.row !== row) fillRow(view, row);
    placeRow(view, row, i, rows.length);
  }
  for (const [key, view] of views) {
    if (shown.has(key)) continue;
    view.node.remove();
    views.delete(key);
  }
  const selectedIndex = selectedKey ? rows.findIndex((r) => r.key === selectedKey) : -1;
  if (selectedIndex >= 0) list.setAttribute('aria-activedescendant', rowId(rows[selectedIndex].key));
  else list.removeAttribute('aria-activedescendant');
  empty.textContent =
    store.size === 0
      ? status.running
        ? `Waiting for cross-origin requests through ${status.proxyUrl ?? 'the inspector'}… Point your front end's API base URL there, or use "Open browser through inspector".`
        : 'The inspector is stopped. Start it to see cross-origin requests here.'
      : rows.length === 0
        ? 'No exchange matches the filters.'
        : '';
  emptyBox.hidden = empty.textContent === '';
  emptyActions.hidden = store.size !== 0 || status.running;
  counts.textContent = `${rows.length} of ${store.size} · ${store.failingCount()} failing`;
}

function rowId(key: string): string {
  return 'row-' + key.replace(/[^A-Za-z0-9_-]/g, '_');
}

const SEVERITY_TEXT: Record<Severity, string> = { high: 'High risk', medium: 'Medium risk', low: 'Low risk' };

/** The security badge of a row: a shield coloured by the worst finding. */
function auditBadge(severity: Severity): HTMLElement {
  return el('span', { className: `audit-badge audit-${severity}`, attrs: { title: `CORS audit: ${SEVERITY_TEXT[severity].toLowerCase()} (open the detail)` } }, [
    icon('shield'),
    el('span', { className: 'sr-only', text: SEVERITY_TEXT[severity] }),
  ]);
}

function rowKeyAt(target: EventTarget | null): string | undefined {
  return ((target as HTMLElement | null)?.closest('.row') as HTMLElement | null)?.dataset.key;
}

list.addEventListener('scroll', () => {
  renderList();
  saveState();
});
// As in the Network panel of DevTools: a click selects the row and shows its detail.
list.addEventListener('click', (e) => {
  const key = rowKeyAt(e.target);
  if (!key) return;
  list.focus({ preventScroll: true });
  openDetail(key);
});
list.addEventListener('dblclick', (e) => {
  const key = rowKeyAt(e.target);
  if (key) openDetail(key);
});
list.addEventListener('keydown', (e) => {
  const rows = store.visible();
  if (e.key === 'Enter' || e.key === ' ') {
    if (selectedKey) openDetail(selectedKey);
    e.preventDefault();
    return;
  }
  if (e.key === 'Escape') {
    closeDetail();
    return;
  }
  const current = selectedKey ? rows.findIndex((r) => r.key === selectedKey) : -1;
  const next = moveSelection(e.key, current, rows.length, Math.max(1, Math.floor(list.clientHeight / ROW_HEIGHT) - 1));
  if (next === null) return;
  e.preventDefault();
  select(rows[next].key, true);
});

function select(key: string, scroll: boolean): void {
  selectedKey = key;
  if (scroll) {
    const index = store.visible().findIndex((r) => r.key === key);
    const top = index * ROW_HEIGHT;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + ROW_HEIGHT > list.scrollTop + list.clientHeight) list.scrollTop = top + ROW_HEIGHT - list.clientHeight;
  }
  renderList();
  if (detailOpen) post({ type: 'detail', key });
  saveState();
}

// ---- splitter between the list and the detail -------------------------------------

function applySplit(): void {
  const total = main.clientHeight - splitter.offsetHeight;
  if (detailOpen && total > 0) listShare = clampShare(listShare, total);
  table.style.flex = detailOpen ? `0 0 ${(listShare * 100).toFixed(2)}%` : '';
  const percent = String(Math.round(listShare * 100));
  splitter.setAttribute('aria-valuenow', percent);
  splitter.setAttribute('aria-valuetext', `List ${percent}%, detail ${100 - Number(percent)}%`);
}

function setShare(share: number): void {
  listShare = clampShare(share, main.clientHeight - splitter.offsetHeight);
  applySplit();
  renderList();
  saveState();
}

splitter.addEventListener('pointerdown', (e) => {
  if (e.button !== 0) return;
  e.preventDefault();
  splitter.setPointerCapture(e.pointerId);
  splitter.classList.add('dragging');
  const move = (ev: PointerEvent) => {
    const box = main.getBoundingClientRect();
    setShare((ev.clientY - box.top - splitter.offsetHeight / 2) / Math.max(1, box.height - splitter.offsetHeight));
  };
  const stop = () => {
    splitter.classList.remove('dragging');
    splitter.removeEventListener('pointermove', move);
    splitter.removeEventListener('pointerup', stop);
    splitter.removeEventListener('pointercancel', stop);
  };
  splitter.addEventListener('pointermove', move);
  splitter.addEventListener('pointerup', stop);
  splitter.addEventListener('pointercancel', stop);
});
splitter.addEventListener('dblclick', () => setShare(DEFAULT_LIST_SHARE));
splitter.addEventListener('keydown', (e) => {
  const next = shareForKey(e.key, listShare, main.clientHeight - splitter.offsetHeight, e.shiftKey);
  if (next === null) return;
  e.preventDefault();
  setShare(next);
});

// ---- filters ----------------------------------------------------------------------

function syncFilterControls(): void {
  const f = store.getFilter();
  failingOnly.checked = f.failingOnly;
  textFilter.value = f.text;
  const methods = store.methods();
  if (f.method && !methods.includes(f.method)) methods.push(f.method);
  // Compared as JSON so that an empty select (no options yet) differs from ['' = All methods].
  const current = JSON.stringify(Array.from(methodSelect.options).map((o) => o.value));
  const wanted = JSON.stringify(['', ...methods]);
  if (current !== wanted) {
    methodSelect.replaceChildren(el('option', { text: 'All methods', attrs: { value: '' } }), ...methods.map((m) => el('option', { text: m, attrs: { value: m } })));
  }
  methodSelect.value = f.method;
}

function onFilterChange(): void {
  store.setFilter({ failingOnly: failingOnly.checked, method: methodSelect.value, text: textFilter.value.trim() });
  renderList();
  saveState();
}
failingOnly.addEventListener('change', onFilterChange);
methodSelect.addEventListener('change', onFilterChange);
textFilter.addEventListener('input', onFilterChange);

// ---- detail view ---------------------------------------------------------------------

function openDetail(key: string): void {
  const opening = !detailOpen;
  selectedKey = key;
  detailOpen = true;
  detail.hidden = false;
  splitter.hidden = false;
  document.body.classList.add('with-detail');
  // The previous exchange stays on screen until this one arrives (no flash while arrowing through rows).
  if ((opening || detail.childElementCount === 0) && (!detailData || detailData.key !== key)) detail.replaceChildren(el('p', { className: 'muted', text: 'Loading…' }));
  detail.setAttribute('aria-busy', 'true');
  post({ type: 'detail', key });
  applySplit();
  renderList();
  saveState();
}

function closeDetail(): void {
  if (!detailOpen) return;
  detailOpen = false;
  detail.hidden = true;
  splitter.hidden = true;
  document.body.classList.remove('with-detail');
  applySplit();
  saveState();
  renderList();
  list.focus();
}

/** Marks what the panel shows beside the CORS check: recorded, but the verdict does not depend on it. */
const NOT_CORS = '(not part of the CORS check)';

/** A detail heading; an aside's marking is set apart from the title so the title still reads first. */
function asideHeading(title: string, aside: boolean): HTMLElement {
  return el('h4', aside ? { className: 'aside-heading' } : {}, aside ? [el('span', { text: title + ' ' }), el('span', { className: 'not-cors-mark', text: NOT_CORS })] : [el('span', { text: title })]);
}

function headersTable(title: string, headers: HeaderList, highlight: string | undefined, aside = false): HTMLElement {
  const label = aside ? `${title} ${NOT_CORS}` : title;
  const table = el('table', { className: 'headers', attrs: { 'aria-label': label } });
  const body = el('tbody');
  let found = false;
  for (const [name, value] of headers) {
    const hit = highlight !== undefined && name.toLowerCase() === highlight;
    found ||= hit;
    const nameCell = el('th', { attrs: { scope: 'row' } }, [hit ? icon('arrow-right') : null, el('span', { text: name })]);
    const tr = el('tr', { className: hit ? 'offending' : '' }, [nameCell, el('td', { text: visibleText(value) })]);
    if (hit) tr.setAttribute('aria-label', `Offending header ${name}: ${value}`);
    body.appendChild(tr);
  }
  if (highlight && !found) {
    body.appendChild(
      el('tr', { className: 'offending missing', attrs: { 'aria-label': `Missing header ${highlight}` } }, [
        el('th', { attrs: { scope: 'row' } }, [icon('arrow-right'), el('span', { text: highlight })]),
        el('td', { text: '(missing)' }),
      ]),
    );
  }
  table.appendChild(body);
  return el('div', { className: aside ? 'aside' : '' }, [asideHeading(title, aside), table]);
}

/** What the proxy changed or noticed on the way; the exchange still completed and was judged as the browser saw it. */
function noticesBlock(notices: readonly { code: string; message: string }[]): HTMLElement {
  const title = notices.length === 1 ? 'Proxy notice' : 'Proxy notices';
  return el('div', { className: 'aside notices', attrs: { role: 'group', 'aria-label': `${title} ${NOT_CORS}` } }, [
    asideHeading(title, true),
    el('ul', { className: 'notices' }, notices.map((n) => el('li', { className: 'notice' }, [el('code', { className: 'notice-code', text: n.code }), el('span', { text: ' ' + n.message })]))),
  ]);
}

function exchangeSection(title: string, rec: ExchangeRecord, decisive: boolean): HTMLElement {
  const highlight = decisive ? rec.cors.header?.toLowerCase() : undefined;
  const status = rec.response ? `${rec.response.status}${rec.response.statusText ? ' ' + visibleText(rec.response.statusText) : ''}` : rec.error ? `${rec.error.code}: ${rec.error.message}` : 'no response';
  const section = el('section', { className: 'exchange' }, [
    el('h3', {}, [el('span', { text: title + ' ' }), badge(rec.cors.verdict === 'fail' ? 'fail' : !rec.response && rec.error ? 'error' : rec.cors.verdict)]),
    el('p', { className: 'request-line' }, [el('span', { className: 'method', text: rec.request.method }), el('span', { text: ' ' + rec.request.url })]),
    el('p', { className: 'muted status-line', text: `Status: ${status} · ${Math.round(rec.durationMs)} ms` }),
    // Right under the status line: a replaced reason phrase is explained where it shows.
    rec.notices?.length ? noticesBlock(rec.notices) : null,
    el('div', { className: 'actions' }, [
      textButton('copy', `Copy ${rec.type === 'preflight' ? 'preflight' : 'request'} as cURL`, () => post({ type: 'copyCurl', id: rec.id }), 'copy-curl'),
    ]),
    headersTable('Request headers', rec.request.headers, undefined),
  ]);
  if (rec.response && rec.error) section.appendChild(el('p', { className: 'muted', text: `${rec.error.code}: ${rec.error.message}` }));
  for (const interim of rec.response?.informational ?? []) {
    section.appendChild(headersTable(`Interim response ${interim.status} headers`, interim.headers, undefined, true));
  }
  if (rec.response) section.appendChild(headersTable('Response headers', rec.response.headers, highlight));
  if (rec.response?.trailers) section.appendChild(headersTable('Response trailers', rec.response.trailers, undefined, true));
  return section;
}

function textButton(codicon: string, label: string, onClick: () => void, className = ''): HTMLButtonElement {
  const b = el('button', { className: `text-button ${className}`, attrs: { type: 'button' } }, [icon(codicon), el('span', { text: label })]);
  b.addEventListener('click', onClick);
  return b;
}

function judgementBlock(j: CorsJudgement, key: string, hints: string[]): HTMLElement {
  const parts: Array<Node | null> = [];
  if (j.message) {
    parts.push(el('h3', { text: 'Chromium console' }));
    parts.push(el('pre', { className: 'console-message', text: j.message }));
  }
  if (j.explanation) {
    parts.push(el('h3', { text: 'Why' }));
    parts.push(el('p', { className: 'explanation', text: j.explanation }));
  }
  if (j.fix.length) {
    parts.push(el('h3', { text: 'Fix' }));
    parts.push(el('pre', { className: 'fix', text: formatFix(j.fix) }));
    parts.push(el('div', { className: 'actions' }, [textButton('copy', 'Copy fix', () => post({ type: 'copyFix', key }), 'copy-fix')]));
  }
  if (j.warnings.length) {
    parts.push(el('h3', { text: 'Warnings' }));
    parts.push(el('ul', { className: 'warnings' }, j.warnings.map((w) => el('li', { text: w }))));
  }
  if (hints.length) {
    parts.push(el('h3', { className: 'muted-heading', text: 'Notes' }));
    parts.push(el('ul', { className: 'hints' }, hints.map((h) => el('li', { text: h }))));
  }
  return el('div', { className: 'judgement' }, parts);
}

/** What the CORS audit sees in this exchange's traffic: each finding, what an attacker gains, the fix. */
function securityBlock(findings: PassiveFinding[]): HTMLElement {
  const items = findings.map((f) =>
    el('li', { className: `finding audit-${f.severity}` }, [
      el('p', { className: 'finding-head' }, [
        icon('shield'),
        el('span', { className: 'severity', text: SEVERITY_TEXT[f.severity] }),
        el('code', { className: 'finding-id', text: f.id }),
        el('span', { className: 'finding-title', text: f.title }),
      ]),
      el('p', { className: 'explanation', text: f.detail }),
      el('p', { className: 'explanation' }, [el('strong', { text: 'Fix: ' }), el('span', { text: f.fix })]),
    ]),
  );
  return el('section', { className: 'security', attrs: { 'aria-label': 'Security findings' } }, [
    el('h3', {}, [icon('shield'), el('span', { text: 'Security (CORS audit)' })]),
    el('ul', { className: 'findings' }, items),
    el('p', { className: 'muted', text: 'Seen in the recorded traffic. Run "CORS Inspector: Audit CORS Policy" to probe the server with crafted origins.' }),
  ]);
}

/** "src/app.js:12:5" of a location URL: its path, for a short link text. */
function shortLocation(loc: NonNullable<ExchangeRecord['initiator']>): string {
  let where = loc.url;
  try {
    const u = new URL(loc.url);
    where = u.pathname.replace(/^\/+/, '') || loc.url;
  } catch {
    // not a URL: as it is
  }
  return `${where}:${loc.line}:${loc.column}${loc.functionName ? ` (${loc.functionName})` : ''}`;
}

/** Browser-recorded exchanges: who made the request, the browser's verdict, the engine's beside it, a tainted canvas. */
function browserBlock(rec: ExchangeRecord): HTMLElement | null {
  const parts: Array<Node | null> = [];
  if (rec.initiator) {
    const link = textButton('go-to-file', shortLocation(rec.initiator), () => post({ type: 'openInitiator', id: rec.id, which: 'initiator' }), 'initiator-link');
    link.title = `Open the front-end line that made this request: ${rec.initiator.url}:${rec.initiator.line}`;
    parts.push(el('p', { className: 'initiator' }, [el('span', { className: 'muted', text: 'Made by ' }), link]));
  }
  if (rec.browser && rec.engine) {
    const engine = rec.engine.agrees
      ? 'The engine, from the wire alone, agrees.'
      : `The engine, from the wire alone, judged ${rec.engine.verdict}${rec.engine.corsError ? ` (${rec.engine.corsError})` : ''}: ${rec.engine.difference ?? ''}`;
    parts.push(el('p', { className: 'muted browser-verdict', text: `Verdict from the browser itself (${rec.browser.resourceType ?? 'request'}). ${engine}` }));
  }
  if (rec.taintedCanvas) {
    parts.push(el('h3', { text: 'Tainted canvas' }));
    parts.push(el('pre', { className: 'console-message', text: rec.taintedCanvas.message }));
    if (rec.taintedCanvas.location) {
      parts.push(el('p', {}, [
        el('span', { className: 'muted', text: 'Thrown at ' }),
        textButton('go-to-file', shortLocation(rec.taintedCanvas.location), () => post({ type: 'openInitiator', id: rec.id, which: 'canvas' }), 'canvas-link'),
      ]));
    }
  }
  return parts.length ? el('div', { className: 'browser-block' }, parts) : null;
}

/** The quiet notes of every exchange of the row, each once. */
function hintsOf(records: ExchangeRecord[]): string[] {
  const out: string[] = [];
  for (const r of records) for (const h of r.cors.hints ?? []) if (!out.includes(h)) out.push(h);
  return out;
}

function renderDetail(): void {
  if (!detailOpen || !detailData || detailData.key !== selectedKey) return;
  const { key, preflight, requests } = detailData;
  const row = store.get(key);
  const decisive = decisiveRecord(preflight, requests);
  if (!decisive) {
    detail.replaceChildren(el('p', { className: 'muted', text: 'This exchange is no longer recorded.' }));
    return;
  }
  const heading = el('div', { className: 'detail-head' }, [
    badge(row?.verdict ?? decisive.cors.verdict),
    el('h2', { text: `${row?.method ?? decisive.request.method} ${row?.path ?? decisive.request.url}` }),
    decisive.cors.corsError ? el('code', { className: 'reason', text: decisive.cors.corsError + (decisive.cors.failedParameter ? ` (${decisive.cors.failedParameter})` : '') }) : null,
    iconButton('close', 'Close the detail (Escape)', closeDetail, 'back'),
  ]);
  const parts: HTMLElement[] = [heading];
  // A security finding is news even on an exchange the browser allowed: it comes first.
  if (detailData.findings?.length) parts.push(securityBlock(detailData.findings));
  const fromBrowser = browserBlock(decisive);
  if (fromBrowser) parts.push(fromBrowser);
  parts.push(judgementBlock(decisive.cors, key, hintsOf(preflight ? [preflight, ...requests] : requests)));
  if (decisive.cors.verdict === 'fail') parts.push(codeFixBlock(key));
  if (preflight) parts.push(exchangeSection('Preflight', preflight, decisive === preflight));
  requests.forEach((hop, i) => {
    const title = requests.length === 1 ? 'Request' : i === 0 ? `Request (redirected, 1 of ${requests.length})` : `Redirect hop ${i + 1} of ${requests.length}`;
    parts.push(exchangeSection(title, hop, decisive === hop));
  });
  detail.replaceChildren(...parts);
  detail.removeAttribute('aria-busy');
}

/** Where the fix goes in the server's code and the button that writes it there. */
function codeFixBlock(key: string): HTMLElement {
  const block = el('div', { className: 'code-fix', attrs: { id: 'code-fix', 'aria-live': 'polite' } }, [el('h3', {}, [icon('lightbulb-autofix'), el('span', { text: 'In your code' })])]);
  const offer = codeFix?.key === key ? codeFix.offer : null;
  if (!offer) {
    block.appendChild(el('p', { className: 'muted', text: 'Looking for the code to change…' }));
    return block;
  }
  if (offer.source) {
    const link = el('button', { className: 'link-button source-link', attrs: { type: 'button', title: `Open ${offer.source.label} in the editor` } }, [icon('go-to-file'), el('span', { text: offer.source.label })]);
    link.addEventListener('click', () => post({ type: 'openSource', key }));
    block.appendChild(el('p', { className: 'source' }, [el('span', { text: offer.title ? 'Changes ' : 'Sent by ' }), link]));
  }
  if (offer.title) {
    block.appendChild(el('p', { className: 'fix-title', text: offer.title }));
    const apply = textButton('wrench', 'Apply fix in code', () => {
      apply.disabled = true;
      post({ type: 'applyFix', key });
    }, 'apply-fix primary');
    block.appendChild(el('div', { className: 'actions' }, [apply]));
  } else if (offer.reason) {
    block.appendChild(el('p', { className: 'muted', text: offer.reason }));
  }
  return block;
}

detail.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') closeDetail();
});

// ---- messages ----------------------------------------------------------------------------

function post(msg: FromWebview): void {
  vscode.postMessage(msg);
}

function renderStatus(): void {
  statusText.textContent = status.running
    ? `Listening on ${status.proxyUrl ?? ''}${status.target ? ` → ${status.target}` : ''}`
    : 'Stopped';
  startStop.replaceChildren(icon(status.running ? 'debug-stop' : 'play'));
  const label = status.running ? 'Stop inspector' : 'Start inspector';
  startStop.title = label;
  startStop.setAttribute('aria-label', label);
}

function announce(newRows: PairRow[]): void {
  pendingAnnouncements.push(...newRows.filter(isFailing));
  if (announceTimer !== undefined || pendingAnnouncements.length === 0) return;
  // Batched so a burst of failures is one announcement, not a flood.
  announceTimer = window.setTimeout(() => {
    announceTimer = undefined;
    const items = pendingAnnouncements;
    pendingAnnouncements = [];
    if (items.length === 1) live.textContent = `New CORS failure: ${items[0].method} ${items[0].path} ${reasonText(items[0])}`;
    else if (items.length > 1) live.textContent = `${items.length} new CORS failures`;
  }, 1000);
}

window.addEventListener('message', (event: MessageEvent) => {
  const msg = event.data as ToWebview;
  if (!msg || typeof msg !== 'object') return;
  switch (msg.type) {
    case 'reset':
      store.reset(msg.rows);
      status = msg.status;
      renderStatus();
      syncFilterControls();
      renderList();
      if (saved && list.scrollTop === 0 && saved.scrollTop) list.scrollTop = saved.scrollTop;
      if (detailOpen && selectedKey) openDetail(selectedKey);
      break;
    case 'rows': {
      const added = store.apply(msg.rows, msg.removed);
      syncFilterControls();
      renderList();
      if (!msg.quiet) announce(added.map((k) => store.get(k)).filter((r): r is PairRow => !!r));
      if (detailOpen && selectedKey && msg.rows.some((r) => r.key === selectedKey)) post({ type: 'detail', key: selectedKey });
      break;
    }
    case 'status':
      status = msg.status;
      renderStatus();
      renderList();
      break;
    case 'detail':
      detailData = msg;
      renderDetail();
      break;
    case 'notice':
      live.textContent = msg.text;
      break;
    case 'codeFix':
      codeFix = { key: msg.key, offer: msg.offer };
      if (detailOpen && msg.key === selectedKey) document.getElementById('code-fix')?.replaceWith(codeFixBlock(msg.key));
      break;
  }
});

function readState(): SavedState | null {
  const s = vscode.getState() as Partial<SavedState> | undefined;
  if (!s || typeof s !== 'object') return null;
  const f = (s.filter ?? EMPTY_FILTER) as RowFilter;
  return {
    filter: { failingOnly: !!f.failingOnly, method: String(f.method ?? ''), text: String(f.text ?? '') },
    selectedKey: typeof s.selectedKey === 'string' ? s.selectedKey : null,
    detailOpen: !!s.detailOpen,
    scrollTop: Number(s.scrollTop) || 0,
    listShare: typeof s.listShare === 'number' && Number.isFinite(s.listShare) ? s.listShare : DEFAULT_LIST_SHARE,
  };
}

function saveState(): void {
  const state: SavedState = { filter: store.getFilter(), selectedKey, detailOpen, scrollTop: list.scrollTop, listShare };
  vscode.setState(state);
}

// The list re-renders whenever its height changes: window resizes, the splitter, the detail opening.
new ResizeObserver(() => {
  if (detailOpen) applySplit();
  renderList();
}).observe(list);
splitter.hidden = !detailOpen;
renderStatus();
syncFilterControls();
renderList();
post({ type: 'ready' });
