// The proxy CLI between real Chromium and a real Express API: what the CLI
// prints and writes must name the same CORS errors Chromium reports over CDP.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { launchChromium, openCdpSession, type LaunchedChromium } from '../support/chromium';
import { PAGE_CALLS, buildCli, startBrokenApi, startCli, startPageServer } from './support';

const LISTENING = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/;

describe('cors-inspector proxy with real Chromium', function () {
  this.timeout(90_000);
  let chromium: LaunchedChromium | null = null;
  let dir: string;
  const closers: Array<() => Promise<unknown>> = [];

  before(async () => {
    await buildCli();
    dir = mkdtempSync(path.join(tmpdir(), 'cors-cli-browser-'));
  });
  after(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await chromium?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the CORS errors Chromium reports, for each fetch of a page', async () => {
    const page = await startPageServer();
    closers.push(page.close);
    const api = await startBrokenApi(page.origin);
    closers.push(api.close);
    const jsonl = path.join(dir, 'browser.jsonl');
    const cli = startCli(['proxy', '--target', api.url, '--jsonl', jsonl, '--pairing-window', '1000']);
    closers.push(async () => {
      if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
    });
    const proxyPort = LISTENING.exec(await cli.waitForLine(LISTENING))![1];
    const proxyBase = `http://127.0.0.1:${proxyPort}`;

    chromium = await launchChromium();
    const context = await chromium.browser.newContext();
    const tab = await context.newPage();
    const cdp = await openCdpSession(context, tab);
    const sent = new Map<string, { url: string; method: string; preflight: boolean }>();
    const chromiumErrors = new Map<string, { corsError: string; failedParameter: string }>(); // key: METHOD url
    cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string; method: string }; type?: string }) => {
      sent.set(e.requestId, { url: e.request.url, method: e.request.method, preflight: e.type === 'Preflight' });
    });
    cdp.on('Network.loadingFailed', (e: { requestId: string; corsErrorStatus?: { corsError: string; failedParameter: string } }) => {
      const req = sent.get(e.requestId);
      if (req && e.corsErrorStatus && !req.preflight) chromiumErrors.set(`${req.method} ${req.url}`, e.corsErrorStatus);
    });
    await cdp.send('Network.enable');

    await tab.goto(page.origin + '/');
    await tab.evaluate(() => {
      document.cookie = 'sid=abc123; SameSite=Lax';
    });
    const outcomes = await tab.evaluate(
      async ({ base, calls }) => {
        const results: Array<{ ok: boolean; status?: number }> = [];
        for (const call of calls) {
          try {
            const res = await fetch(base + call.path, call.init);
            results.push({ ok: true, status: res.status });
          } catch {
            results.push({ ok: false });
          }
        }
        return results;
      },
      { base: proxyBase, calls: PAGE_CALLS },
    );
    // Let the last preflight window close so every record is final.
    await new Promise((r) => setTimeout(r, 1500));
    cli.child.kill('SIGINT');
    assert.equal((await cli.exit()).code, 0, cli.stderr());

    const records = readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const byFlow = (method: string, url: string) => {
      const req = records.find((r) => r.type === 'request' && r.request.method === method && r.request.url === url);
      const pre = records.find((r) => r.type === 'preflight' && r.request.url === url && r.request.headers['access-control-request-method'] === method);
      return { req, pre };
    };

    PAGE_CALLS.forEach((call, i) => {
      const method = call.init.method ?? 'GET';
      const url = proxyBase + call.path;
      const fromChromium = chromiumErrors.get(`${method} ${url}`);
      const blockedByChromium = !outcomes[i].ok;
      assert.equal(Boolean(fromChromium), blockedByChromium, `${call.name}: CDP and fetch() agree`);
      const { req, pre } = byFlow(method, url);
      if (call.init.credentials === 'include') assert.ok(req?.request.headers.cookie, 'the page cookie went along');
      const ours = pre && pre.cors.verdict === 'fail' && (!req || req.pairId === pre.pairId) ? pre : req;
      assert.ok(ours, `${call.name}: recorded`);
      if (blockedByChromium) {
        assert.equal(ours.cors.verdict, 'fail', `${call.name}: Chromium blocked it (${fromChromium!.corsError})`);
        assert.equal(ours.cors.corsError, fromChromium!.corsError, call.name);
        assert.equal(ours.cors.failedParameter, fromChromium!.failedParameter, call.name);
      } else {
        assert.notEqual(ours.cors.verdict, 'fail', `${call.name}: Chromium let it through`);
      }
    });
    // The broken setup really is broken in three places.
    assert.equal(chromiumErrors.size, 3, JSON.stringify([...chromiumErrors]));
  });
});
