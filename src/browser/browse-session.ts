// Attaches to a launched browser over its DevTools pipe: every page, frame and
// worker is auto-attached with Network and Log enabled before it runs, the page is
// opened, and the network events become records (src/core/browser/network-log.ts).
// Used by `cors-inspector browse` and by VS Code's Open Browser Through Inspector.
import { BrowserNetworkLog, firstPageFrame, initiatorLocation, type BrowserFlow } from '../core/browser/network-log';
import type { ExchangeRecord, SourceLocation } from '../core/exchange/types';
import type { CdpEvent } from './cdp-pipe';
import type { AttachedBrowser } from './launch';
import { SourceMapResolver } from './source-maps';

export interface BrowseSessionOptions {
  /** A finished flow (records in order), initiators already mapped through source maps. */
  onFlow(flow: BrowserFlow): void;
  /** A record changed after onFlow (a tainted canvas was traced to it). */
  onUpdate?(record: ExchangeRecord): void;
  /** Something went wrong that does not stop the session. */
  onError?(err: Error): void;
  /** Map initiators through the page's source maps (default true). */
  sourceMaps?: boolean;
}

const TAINTED = /tainted by cross-origin data/i;
const SOURCE_BINDING = '__corsInspectorSource';

/**
 * Runs in every page before its own scripts: reports where script points an element at a
 * URL (src/href setters, setAttribute), because images and media load later, when the
 * browser's network events no longer carry the JavaScript stack.
 */
const ELEMENT_SOURCES = `(() => {
  const send = globalThis.${SOURCE_BINDING};
  if (typeof send !== 'function' || typeof Element === 'undefined') return;
  const report = (value) => {
    try { send(JSON.stringify({ url: new URL(String(value), document.baseURI).href, stack: new Error().stack })); } catch (e) {}
  };
  const hook = (type, prop) => {
    const proto = globalThis[type] && globalThis[type].prototype;
    const d = proto && Object.getOwnPropertyDescriptor(proto, prop);
    if (!d || !d.set) return;
    Object.defineProperty(proto, prop, { ...d, set(value) { report(value); return d.set.call(this, value); } });
  };
  hook('HTMLImageElement', 'src'); hook('HTMLScriptElement', 'src'); hook('HTMLLinkElement', 'href');
  hook('HTMLMediaElement', 'src'); hook('HTMLTrackElement', 'src'); hook('HTMLSourceElement', 'src');
  // Fonts load from url(...) in CSS text that script wrote: report those URLs at the line that wrote them.
  const reportCss = (text) => {
    for (const m of String(text).matchAll(/url\\(\\s*(['"]?)([^'")]+)\\1\\s*\\)/g)) report(m[2]);
  };
  const text = Object.getOwnPropertyDescriptor(Node.prototype, 'textContent');
  if (text && text.set) {
    Object.defineProperty(Node.prototype, 'textContent', { ...text, set(value) {
      if (this instanceof HTMLStyleElement) reportCss(value);
      return text.set.call(this, value);
    } });
  }
  if (globalThis.CSSStyleSheet) {
    const insertRule = CSSStyleSheet.prototype.insertRule;
    CSSStyleSheet.prototype.insertRule = function (rule, index) { reportCss(rule); return insertRule.call(this, rule, index); };
  }
  if (globalThis.FontFace) {
    const Original = globalThis.FontFace;
    globalThis.FontFace = function FontFace(family, source, descriptors) {
      if (typeof source === 'string') reportCss(source);
      return new Original(family, source, descriptors);
    };
    globalThis.FontFace.prototype = Original.prototype;
  }
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (/^(src|href)$/i.test(String(name))) report(value);
    return setAttribute.call(this, name, value);
  };
})();`;

export class BrowseSession {
  private readonly log = new BrowserNetworkLog();
  private readonly resolver = new SourceMapResolver();
  private readonly timer: NodeJS.Timeout;
  private readonly sessions = new Set<string>();
  private firstPage: string | null = null;
  private firstPageWaiters: Array<(sessionId: string) => void> = [];
  /** Cross-origin no-cors images, newest last: what a tainted canvas is traced to. */
  private readonly noCorsImages: ExchangeRecord[] = [];
  private pendingMaps: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly browser: AttachedBrowser, private readonly options: BrowseSessionOptions) {
    browser.cdp.onEvent((event) => this.onEvent(event));
    this.timer = setInterval(() => this.flush(false), 100);
    this.timer.unref();
  }

  /** Starts auto-attaching and opens `url` in the first tab. */
  async open(url: string): Promise<void> {
    const cdp = this.browser.cdp;
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
    const page = await Promise.race([
      new Promise<string>((resolve) => (this.firstPage ? resolve(this.firstPage) : this.firstPageWaiters.push(resolve))),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 3000)),
    ]);
    if (page) {
      await cdp.send('Page.navigate', { url }, page);
    } else {
      await cdp.send('Target.createTarget', { url });
    }
  }

  /** Emits everything still open and stops the timer (call before closing the browser or once it closed). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    this.flush(true);
    await this.pendingMaps;
  }

  private onEvent(event: CdpEvent): void {
    try {
      if (event.method === 'Target.attachedToTarget') {
        void this.setUpTarget(event.params);
        return;
      }
      if (event.method === 'Target.detachedFromTarget') {
        this.sessions.delete(String(event.params.sessionId));
        return;
      }
      if (event.method === 'Runtime.bindingCalled') {
        if (event.params.name === SOURCE_BINDING) this.noteElementSource(String(event.params.payload));
        return;
      }
      if (event.method === 'Runtime.exceptionThrown' || event.method === 'Runtime.consoleAPICalled') {
        this.checkTaintedCanvas(event);
        return;
      }
      this.log.handle(event, Date.now());
    } catch (err) {
      this.options.onError?.(err as Error);
    }
  }

  private noteElementSource(payload: string): void {
    const { url, stack } = JSON.parse(payload) as { url?: string; stack?: string };
    const location = typeof stack === 'string' ? firstPageFrame(stack) : undefined;
    if (typeof url === 'string' && location) this.log.noteElementSource(url, location);
  }

  private async setUpTarget(params: Record<string, unknown>): Promise<void> {
    const sessionId = String(params.sessionId);
    const info = params.targetInfo as { type?: string } | undefined;
    const cdp = this.browser.cdp;
    this.sessions.add(sessionId);
    const type = info?.type ?? '';
    const run = (method: string, p: Record<string, unknown> = {}) => cdp.send(method, p, sessionId).catch(() => undefined);
    if (type === 'page' || type === 'iframe') {
      await run('Page.enable');
      await run('Runtime.addBinding', { name: SOURCE_BINDING });
      await run('Page.addScriptToEvaluateOnNewDocument', { source: ELEMENT_SOURCES, runImmediately: true });
    }
    if (['page', 'iframe', 'worker', 'shared_worker', 'service_worker'].includes(type)) {
      await Promise.all([
        run('Network.enable'),
        run('Log.enable'),
        run('Runtime.enable'),
        run('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }),
      ]);
    }
    await run('Runtime.runIfWaitingForDebugger');
    if (type === 'page' && !this.firstPage) {
      this.firstPage = sessionId;
      for (const w of this.firstPageWaiters) w(sessionId);
      this.firstPageWaiters = [];
    }
  }

  private flush(all: boolean): void {
    for (const flow of this.log.take(Date.now(), all)) {
      this.trackImages(flow);
      const mapped = this.options.sourceMaps === false ? Promise.resolve() : this.mapInitiators(flow);
      // Flows are handed on in the order they finished, each once its initiator is mapped.
      this.pendingMaps = Promise.all([this.pendingMaps, mapped]).then(() => this.options.onFlow(flow)).catch((err) => this.options.onError?.(err as Error));
    }
  }

  private async mapInitiators(flow: BrowserFlow): Promise<void> {
    const first = flow.records[0]?.initiator;
    if (!first) return;
    const mapped = await this.resolver.map(first);
    for (const r of flow.records) r.initiator = mapped;
  }

  private trackImages(flow: BrowserFlow): void {
    for (const r of flow.records) {
      const mode = r.request.headers.find(([n]) => n.toLowerCase() === 'sec-fetch-mode')?.[1];
      if (r.browser?.resourceType === 'Image' && mode === 'no-cors') {
        this.noCorsImages.push(r);
        if (this.noCorsImages.length > 200) this.noCorsImages.shift();
      }
    }
  }

  /** A canvas read that throws SecurityError: trace it to the no-cors image that tainted the canvas. */
  private checkTaintedCanvas(event: CdpEvent): void {
    const p = event.params;
    let text = '';
    let location: SourceLocation | undefined;
    if (event.method === 'Runtime.exceptionThrown') {
      const details = p.exceptionDetails as Record<string, unknown>;
      const exception = details?.exception as { description?: string } | undefined;
      text = exception?.description ?? String(details?.text ?? '');
      location = initiatorLocation({ stack: details?.stackTrace, url: details?.url, lineNumber: details?.lineNumber, columnNumber: details?.columnNumber });
    } else {
      const args = (p.args as Array<{ description?: string; value?: unknown }>) ?? [];
      text = args.map((a) => a.description ?? String(a.value ?? '')).join(' ');
      location = initiatorLocation({ stack: p.stackTrace });
    }
    if (!TAINTED.test(text)) return;
    // Pending flows first: the image may have loaded a moment ago.
    this.flush(true);
    void this.pendingMaps.then(async () => {
      const image = this.noCorsImages[this.noCorsImages.length - 1];
      if (!image) return;
      const message = text.split('\n')[0];
      const mappedLocation = location ? await this.resolver.map(location) : undefined;
      image.taintedCanvas = { message, location: mappedLocation };
      const origin = image.request.headers.find(([n]) => n.toLowerCase() === 'origin')?.[1] ?? pageOriginOf(image);
      image.cors = {
        ...image.cors,
        verdict: 'fail',
        corsError: null,
        message,
        header: 'access-control-allow-origin',
        explanation: `The page read pixels of a canvas this image was drawn on, and the browser threw: ${message} The image was loaded without a crossorigin attribute (no-cors mode), so the browser showed it but marked the canvas as tainted. Fix both sides: add crossorigin="anonymous" to the <img> (or img.crossOrigin = 'anonymous' before setting src), and have the server send Access-Control-Allow-Origin: ${origin} on the image.`,
        fix: [{ action: 'set', header: 'Access-Control-Allow-Origin', value: origin, on: 'response' }],
        warnings: [...image.cors.warnings],
      };
      this.options.onUpdate?.(image);
    });
  }
}

function pageOriginOf(record: ExchangeRecord): string {
  const referer = record.request.headers.find(([n]) => n.toLowerCase() === 'referer')?.[1];
  try {
    return referer ? new URL(referer).origin : '*';
  } catch {
    return '*';
  }
}
