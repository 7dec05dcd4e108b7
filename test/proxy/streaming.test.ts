// Long-lived and large exchanges: SSE events must arrive as they are sent,
// WebSockets must work end to end, and a big download must not be held in memory.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import WebSocket, { WebSocketServer } from 'ws';
import { httpUpstream, proxyWithCaptures } from './support/net-helpers';

describe('proxy streaming', () => {
  it('delivers server-sent events one by one, not buffered', async () => {
    const gapMs = 400;
    const events = 5;
    const sentAt: number[] = [];
    const upstream = await httpUpstream((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      let n = 0;
      const timer = setInterval(() => {
        sentAt.push(performance.now());
        res.write(`id: ${n}\ndata: event ${n}\n\n`);
        if (++n === events) {
          clearInterval(timer);
          res.end();
        }
      }, gapMs);
      res.on('close', () => clearInterval(timer));
    });
    const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }] });
    try {
      const receivedAt: number[] = [];
      await new Promise<void>((resolve, reject) => {
        http
          .get(`${proxy.url}/events`, { headers: { Accept: 'text/event-stream' } }, (res) => {
            let buf = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              buf += chunk;
              let idx: number;
              while ((idx = buf.indexOf('\n\n')) >= 0) {
                receivedAt.push(performance.now());
                buf = buf.slice(idx + 2);
              }
            });
            res.on('end', resolve);
            res.on('error', reject);
          })
          .on('error', reject);
      });
      assert.equal(receivedAt.length, events);
      // Each event reaches the client shortly after the upstream wrote it...
      for (let i = 0; i < events; i++) {
        const lag = receivedAt[i] - sentAt[i];
        // Generous for a busy shared machine; a buffering proxy would hold event 0 for the whole stream (1.6 s).
        assert.ok(lag < gapMs * 0.75, `event ${i} arrived ${lag.toFixed(1)} ms after it was sent`);
      }
      // ...so they arrive spread out, not in one burst at the end.
      assert.ok(receivedAt[events - 1] - receivedAt[0] >= gapMs * (events - 1) * 0.8);
      const c = await proxy.capture(0);
      assert.equal(c.responseBody?.preview.toString(), Array.from({ length: events }, (_, n) => `id: ${n}\ndata: event ${n}\n\n`).join(''));
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('proxies a WebSocket echo and records the handshake', async () => {
    const upstream = await httpUpstream((_req, res) => res.end('not a websocket'));
    const wss = new WebSocketServer({ server: upstream.server });
    wss.on('connection', (socket, req) => {
      socket.send(`hello ${req.url}`);
      socket.on('message', (data) => socket.send(`echo:${data.toString()}`));
    });
    const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }] });
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${proxy.port}/chat?room=1`, { headers: { Origin: 'http://app.test' } });
      const messages: string[] = [];
      await new Promise<void>((resolve, reject) => {
        ws.on('message', (data) => {
          messages.push(data.toString());
          if (messages.length === 1) ws.send('ping-1');
          else if (messages.length === 2) ws.send('ping-2');
          else {
            ws.close();
            resolve();
          }
        });
        ws.on('error', reject);
      });
      assert.deepEqual(messages, ['hello /chat?room=1', 'echo:ping-1', 'echo:ping-2']);
      const c = await proxy.capture(0);
      assert.equal(c.via, 'websocket');
      assert.equal(c.response?.status, 101);
      assert.ok(c.request.headers.some(([n, v]) => n === 'Origin' && v === 'http://app.test'));
      assert.ok(c.response?.headers.some(([n]) => n.toLowerCase() === 'sec-websocket-accept'));
      assert.equal(c.error, null);
    } finally {
      // ws 8 leaves open connections alone on close(); end them so the server can close.
      for (const client of wss.clients) client.terminate();
      wss.close();
      await proxy.close();
      await upstream.close();
    }
  });

  it('streams a 50 MB download with flat memory and captures only the first 64 KiB', async function () {
    this.timeout(60_000);
    const total = 50 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const upstream = await httpUpstream((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(total) });
      let sent = 0;
      const pump = (): void => {
        while (sent < total) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }] });
    try {
      // Freed chunks only leave the Buffer count after a collection, so sample live memory.
      const gc = (globalThis as { gc?: () => void }).gc;
      assert.ok(gc, 'run with --expose-gc (test/proxy/.mocharc.json sets it)');
      gc();
      const before = process.memoryUsage();
      let peakRss = before.rss;
      let peakBuffers = before.arrayBuffers;
      const bufferSamples: number[] = [];
      const sampler = setInterval(() => {
        gc();
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakBuffers = Math.max(peakBuffers, m.arrayBuffers);
        bufferSamples.push(m.arrayBuffers - before.arrayBuffers);
      }, 50);
      let received = 0;
      await new Promise<void>((resolve, reject) => {
        http
          .get(`${proxy.url}/big`, (res) => {
            // A slowish consumer (a short pause every MB), so backpressure has to reach the upstream.
            let nextPause = 1 << 20;
            res.on('data', (c: Buffer) => {
              received += c.length;
              if (received >= nextPause) {
                nextPause += 1 << 20;
                res.pause();
                setTimeout(() => res.resume(), 5);
              }
            });
            res.on('end', resolve);
            res.on('error', reject);
          })
          .on('error', reject);
      });
      clearInterval(sampler);
      const c = await proxy.capture(0);
      assert.equal(received, total);
      assert.equal(c.responseBody?.size, total);
      assert.equal(c.responseBody?.preview.length, 64 * 1024);
      assert.equal(c.responseBody?.truncated, true);
      const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
      const rssGrowth = peakRss - before.rss;
      const bufferGrowth = peakBuffers - before.arrayBuffers;
      const sorted = [...bufferSamples].sort((a, b) => a - b);
      const medianBuffers = sorted.length ? sorted[sorted.length >> 1] : 0;
      console.log(
        `      50 MB through the proxy: peak RSS +${mb(rssGrowth)}, Buffer memory median +${mb(medianBuffers)} / peak +${mb(bufferGrowth)} over ${sorted.length} samples`,
      );
      // Holding the body would grow Buffer memory steadily to ≥ 50 MB (median ≈ 25 MB);
      // streaming stays at a few chunks. V8 frees dead backing stores lazily, so single
      // samples spike; the median is the steady measure, the peak a looser backstop.
      assert.ok(medianBuffers < 12 * 1024 * 1024, `Buffer memory median grew by ${mb(medianBuffers)}`);
      assert.ok(bufferGrowth < 45 * 1024 * 1024, `Buffer memory peak grew by ${mb(bufferGrowth)}`);
      // RSS also moves with the heap and the allocator; only a coarse backstop.
      assert.ok(rssGrowth < 80 * 1024 * 1024, `RSS grew by ${mb(rssGrowth)}`);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });
});
