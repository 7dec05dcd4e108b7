// The Chrome DevTools Protocol over the pipe Chromium opens with --remote-debugging-pipe:
// the browser reads commands on its fd 3 and writes replies and events on its fd 4,
// each message one JSON text ended by a NUL byte. No port is opened.
import type { Readable, Writable } from 'stream';

export interface CdpEvent {
  method: string;
  params: Record<string, unknown>;
  /** The attached target's session (flat mode); undefined for the browser itself. */
  sessionId?: string;
}

export class CdpError extends Error {
  constructor(readonly method: string, readonly code: number, message: string) {
    super(`${method}: ${message}`);
  }
}

interface Pending {
  method: string;
  resolve(result: Record<string, unknown>): void;
  reject(err: Error): void;
}

export class CdpPipe {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private listeners: Array<(event: CdpEvent) => void> = [];
  private closeListeners: Array<() => void> = [];
  private buffered: Buffer[] = [];
  private closed = false;

  constructor(private readonly toBrowser: Writable, fromBrowser: Readable) {
    fromBrowser.on('data', (chunk: Buffer) => this.receive(chunk));
    fromBrowser.on('close', () => this.close());
    fromBrowser.on('error', () => this.close());
    toBrowser.on('error', () => this.close());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    if (this.closed) return Promise.reject(new CdpError(method, -1, 'the browser is gone'));
    const id = this.nextId++;
    const message: Record<string, unknown> = { id, method, params };
    if (sessionId) message.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { method, resolve, reject });
      this.toBrowser.write(JSON.stringify(message) + '\0');
    });
  }

  onEvent(listener: (event: CdpEvent) => void): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new CdpError(p.method, -1, 'the browser closed the DevTools pipe'));
    this.pending.clear();
    for (const l of this.closeListeners) l();
    this.closeListeners = [];
  }

  private receive(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(0); end >= 0; end = chunk.indexOf(0, start)) {
      this.buffered.push(chunk.subarray(start, end));
      const text = Buffer.concat(this.buffered).toString('utf8');
      this.buffered = [];
      start = end + 1;
      this.dispatch(text);
    }
    if (start < chunk.length) this.buffered.push(chunk.subarray(start));
  }

  private dispatch(text: string): void {
    let message: { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { code: number; message: string }; sessionId?: string };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message.id === 'number') {
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      if (message.error) p.reject(new CdpError(p.method, message.error.code, message.error.message));
      else p.resolve(message.result ?? {});
      return;
    }
    if (typeof message.method === 'string') {
      const event: CdpEvent = { method: message.method, params: message.params ?? {}, sessionId: message.sessionId };
      for (const l of this.listeners) l(event);
    }
  }
}
