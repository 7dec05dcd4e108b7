// Records the terminal session shown in docs/cli.md: a real Express API with
// broken CORS, a page in real Chromium calling it through `cors-inspector proxy`,
// then `cors-inspector analyze` on the JSONL it wrote.
// Run: npx tsx test/cli/record-transcript.ts > /tmp/transcript.md
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { launchChromium } from '../support/chromium';
import { PAGE_CALLS, buildCli, runCli, startBrokenApi, startCli, startPageServer } from './support';

async function freePort(preferred: number): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(0));
    probe.listen(preferred, '127.0.0.1', () => probe.close(() => resolve(preferred)));
  });
}

async function main(): Promise<void> {
  await buildCli();
  const dir = mkdtempSync(path.join(tmpdir(), 'cors-transcript-'));
  const page = await startPageServer(await freePort(5173));
  const api = await startBrokenApi(page.origin, await freePort(3000));
  const proxyPort = await freePort(8080);
  const jsonl = path.join(dir, 'session.jsonl');
  const args = ['proxy', '--target', api.url, '--port', String(proxyPort), '--jsonl', 'session.jsonl', '--har', 'session.har'];
  const cli = startCli(args.map((a) => (a === 'session.jsonl' ? jsonl : a === 'session.har' ? path.join(dir, 'session.har') : a)));
  const listening = await cli.waitForLine(/^listening on /);
  const base = listening.replace('listening on ', '');

  const chromium = await launchChromium();
  try {
    const tab = await (await chromium.browser.newContext()).newPage();
    await tab.goto(page.origin + '/');
    await tab.evaluate(() => {
      document.cookie = 'sid=abc123; SameSite=Lax';
    });
    await tab.evaluate(
      async ({ b, calls }) => {
        for (const call of calls) await fetch(b + call.path, call.init).catch(() => undefined);
      },
      { b: base, calls: PAGE_CALLS },
    );
    await new Promise((r) => setTimeout(r, 2500));
  } finally {
    await chromium.close();
  }
  cli.child.kill('SIGINT');
  const { code } = await cli.exit();

  const out: string[] = [];
  out.push('```console', `$ cors-inspector ${args.join(' ')}`, ...cli.lines, '^C' + cli.stderr().trimEnd(), `$ echo $?`, String(code));
  const analyzed = await runCli(['analyze', jsonl], { NO_COLOR: '1' });
  out.push('$ cors-inspector analyze session.jsonl', ...analyzed.stdout.split('\n'), '$ echo $?', String(analyzed.code), '```');
  out.push('', 'One line of session.jsonl (the failing PUT preflight):', '', '```json');
  const pre = readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).find((r) => r.type === 'preflight' && r.cors.verdict === 'fail');
  out.push(JSON.stringify(pre, null, 2), '```');
  process.stdout.write(out.join('\n') + '\n');
  process.stderr.write(`page ${page.origin}, api ${api.url}, proxy ${base}\n`);
  await api.close();
  await page.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
