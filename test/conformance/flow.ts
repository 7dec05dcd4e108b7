// Turns what the scenario server saw for one scenario into the CorsFlow the engine
// judges, and compares the engine's FlowJudgement with Chromium's outcome.
import { classifyRequest } from '../../src/core/cors';
import type { CorsFlow, FlowJudgement } from '../../src/core/cors/types';
import type { HeaderList, WireExchange, WireRequest } from '../../src/core/http/types';
import type { ChromiumOutcome, ScenarioRun } from './run';

function header(req: WireRequest, lowerName: string): string | undefined {
  return req.headers.find(([n]) => n.toLowerCase() === lowerName)?.[1];
}

/** OPTIONS with Origin and Access-Control-Request-Method: what a CORS preflight looks like on the wire. */
export function looksLikePreflight(exchange: WireExchange): boolean {
  const req = exchange.request;
  return req.method === 'OPTIONS' && header(req, 'origin') !== undefined && header(req, 'access-control-request-method') !== undefined;
}

export interface BuiltFlow {
  flow: CorsFlow;
  /** Things about this scenario the wire alone cannot show the engine (reported, never used to excuse a disagreement). */
  wireNotes: string[];
}

/** The flow as a recorder would assemble it: first preflight, then the actual request and its redirect hops. */
export function buildFlow(run: ScenarioRun): BuiltFlow {
  const exchanges = run.exchanges.map((r) => r.exchange);
  // The preflight before the first actual request is the flow's preflight. Chromium
  // preflights again before a redirect hop that still needs one: those stay in
  // `requests`, right before the hop they precede, as CorsFlow documents.
  const leading = exchanges.length > 0 && looksLikePreflight(exchanges[0]) ? exchanges[0] : null;
  const inOrder = exchanges.filter((e) => e !== leading);
  const requests = inOrder.filter((e) => !looksLikePreflight(e));
  const wireNotes: string[] = [];
  const { credentials, opaqueOrigin } = run.scenario.request;
  if (credentials === 'include' && !requests.some((e) => header(e.request, 'cookie') !== undefined)) {
    // Chromium adds Sec-Fetch-Storage-Access only to credentialed cross-site requests,
    // so it betrays credentials mode 'include' even when no cookie was sent.
    const storageAccess = requests.some((e) => header(e.request, 'sec-fetch-storage-access') !== undefined);
    wireNotes.push(
      'credentials mode \'include\' but no request carried a Cookie' +
        (opaqueOrigin ? ' (the opaque origin is cross-site to the cookie)' : requests.length === 0 ? ' (only the preflight, which never carries cookies, was sent)' : '') +
        (storageAccess ? '; the request does carry Sec-Fetch-Storage-Access, which Chromium sends only with credentials' : '; nothing else on the wire shows the mode'),
    );
  }
  if (exchanges.length === 0) wireNotes.push('the server saw no request for this scenario');
  // A fetch that needed a preflight but sent none was answered from Chromium's preflight
  // cache; say so, as a recorder would (it decides "needed" with the same classifier).
  const preflightCached =
    exchanges.every((e) => !looksLikePreflight(e)) && requests.length > 0 && classifyRequest(requests[0].request).preflightRequired;
  if (preflightCached) wireNotes.push('no preflight on the wire: Chromium answered it from its preflight cache');
  const flow: CorsFlow = { preflight: leading, requests: inOrder, complete: true };
  if (preflightCached) flow.preflightCached = true;
  return { flow, wireNotes };
}

/**
 * What the engine gets to see of a scenario, with the scenario's own id and run id
 * blanked out (and Content-Length, which follows the id's length). Two scenarios with
 * the same signature are indistinguishable on the wire.
 */
export function wireSignature(run: ScenarioRun): string {
  const blank = (text: string): string => text.split(`/${run.scenario.id}`).join('/<id>').replace(/\/s\/[0-9a-f]+\//g, '/s/<run>/');
  const lines = (headers: HeaderList): string[] =>
    headers.filter(([n]) => n.toLowerCase() !== 'content-length').map(([n, v]) => `${n}: ${blank(v)}`);
  return JSON.stringify(
    run.exchanges.map(({ exchange: e }) => ({
      request: [e.request.method, blank(e.request.url), ...lines(e.request.headers)],
      response: e.response ? [e.response.status, ...lines(e.response.headers)] : null,
      error: e.error?.code ?? null,
    })),
  );
}

export interface Comparison {
  comparable: boolean;
  agree: boolean;
  chromiumBlocked: boolean;
  engineBlocked: boolean;
  /** What differs, in words ('' when they agree). */
  difference: string;
}

/**
 * 'warn' counts as let through; only 'fail' is blocked. A Chromium network error
 * (net::ERR_* without a CORS status, e.g. a redirect to data:) agrees only with an
 * engine 'fail' that names no corsError. Timeouts and unexplained failures are not comparable.
 */
export function compare(chromium: ChromiumOutcome, engine: FlowJudgement): Comparison {
  const engineBlocked = engine.verdict === 'fail';
  if (chromium.kind === 'timeout' || chromium.kind === 'unexplained') {
    return { comparable: false, agree: false, chromiumBlocked: true, engineBlocked, difference: `Chromium gave no verdict (${chromium.kind})` };
  }
  if (chromium.kind === 'network-error') {
    const agree = engineBlocked && engine.corsError === null;
    return {
      comparable: true,
      agree,
      chromiumBlocked: true,
      engineBlocked,
      difference: agree ? '' : `Chromium failed with a network error (${chromium.errorText}), not a CORS error, but the engine says ${engine.verdict}${engine.corsError ? ` (${engine.corsError})` : ''}`,
    };
  }
  const chromiumBlocked = chromium.kind === 'cors-error';
  if (chromiumBlocked !== engineBlocked) {
    return {
      comparable: true,
      agree: false,
      chromiumBlocked,
      engineBlocked,
      difference: chromiumBlocked
        ? `Chromium blocked (${chromium.corsError}) but the engine says ${engine.verdict}`
        : `Chromium let it through but the engine says fail (${engine.corsError ?? 'network error'})`,
    };
  }
  if (!chromiumBlocked) return { comparable: true, agree: true, chromiumBlocked, engineBlocked, difference: '' };
  const diffs: string[] = [];
  if (chromium.corsError !== engine.corsError) diffs.push(`corsError ${chromium.corsError} vs engine ${engine.corsError}`);
  if (chromium.failedParameter !== engine.failedParameter) {
    diffs.push(`failedParameter ${JSON.stringify(chromium.failedParameter)} vs engine ${JSON.stringify(engine.failedParameter)}`);
  }
  return { comparable: true, agree: diffs.length === 0, chromiumBlocked, engineBlocked, difference: diffs.join('; ') };
}

export type ConsoleAgreement =
  /** The engine's console line is Chromium's, character for character. */
  | 'exact'
  /** The wire cannot tell fetch() from XMLHttpRequest: the engine shows fetch()'s line and states Chromium's as the alternative. */
  | 'stated-alternative'
  | 'differs'
  /** Chromium printed no CORS line (a pass, or a network error) and the engine has none either. */
  | 'none';

/** Chromium's console line (CDP Log.entryAdded) as a second oracle beside corsErrorStatus. */
export function compareConsole(chromium: ChromiumOutcome, engine: FlowJudgement): ConsoleAgreement {
  const ours = engine.verdict === 'fail' ? engine.decisive.message : '';
  const theirs = chromium.consoleMessage ?? '';
  if (theirs === '' && ours === '') return 'none';
  if (theirs === ours) return 'exact';
  if (theirs !== '' && !engine.initiator.certain && engine.decisive.explanation.includes(theirs)) return 'stated-alternative';
  return 'differs';
}
