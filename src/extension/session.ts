// Owns the running inspector (proxy + recorder) for the window. Keeps one
// Recorder alive even while stopped, so imported HAR files and the last session's
// exchanges stay visible; starting moves those records into the new recorder.
import * as vscode from 'vscode';
import { Recorder, startInspector, type Inspector, type InspectorOptions } from '../proxy/index';
import type { ExchangeRecord } from '../core/exchange/types';

export type RecordChange = 'added' | 'updated';

export interface SessionState {
  running: boolean;
  url: string | null;
  port: number | null;
  /** Human-readable target(s), e.g. "http://localhost:4000". */
  target: string | null;
}

export class InspectorSession implements vscode.Disposable {
  private inspector: Inspector | null = null;
  private current: Recorder;
  private unsubscribe: Array<() => void> = [];
  private targetLabel: string | null = null;
  private readonly stateEmitter = new vscode.EventEmitter<SessionState>();
  private readonly recordEmitter = new vscode.EventEmitter<{ record: ExchangeRecord; change: RecordChange }>();
  private readonly resetEmitter = new vscode.EventEmitter<void>();

  /** Fires when the inspector starts or stops. */
  readonly onDidChangeState = this.stateEmitter.event;
  /** Fires for every added or re-judged record of the current recorder. */
  readonly onDidRecord = this.recordEmitter.event;
  /** Fires when the whole list changed at once (cleared, or a new recorder). */
  readonly onDidReset = this.resetEmitter.event;

  constructor(private maxExchanges: number) {
    this.current = new Recorder({ maxExchanges });
    this.attach(this.current);
  }

  get recorder(): Recorder {
    return this.current;
  }

  get state(): SessionState {
    return {
      running: this.inspector !== null,
      url: this.inspector?.url ?? null,
      port: this.inspector?.port ?? null,
      target: this.inspector ? this.targetLabel : null,
    };
  }

  async start(options: InspectorOptions, targetLabel: string): Promise<SessionState> {
    if (this.inspector) await this.stop();
    const inspector = await startInspector({ ...options, maxExchanges: options.maxExchanges ?? this.maxExchanges });
    // Carry over what was on screen; the new recorder emits them as 'added'.
    const previous = this.current.list();
    this.detach();
    this.inspector = inspector;
    this.current = inspector.recorder;
    this.targetLabel = targetLabel;
    if (options.maxExchanges) this.maxExchanges = options.maxExchanges;
    this.current.importRecords(previous);
    this.attach(this.current);
    this.resetEmitter.fire();
    this.stateEmitter.fire(this.state);
    return this.state;
  }

  async stop(): Promise<void> {
    const inspector = this.inspector;
    if (!inspector) return;
    this.inspector = null;
    try {
      await inspector.close();
    } finally {
      this.stateEmitter.fire(this.state);
    }
  }

  clear(): void {
    this.current.clear();
  }

  importRecords(records: ExchangeRecord[]): void {
    this.current.importRecords(records);
  }

  private attach(recorder: Recorder): void {
    this.unsubscribe.push(
      recorder.onRecord((record, change) => this.recordEmitter.fire({ record, change })),
      recorder.onClear(() => this.resetEmitter.fire()),
    );
  }

  private detach(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
  }

  dispose(): void {
    this.detach();
    void this.stop();
    this.stateEmitter.dispose();
    this.recordEmitter.dispose();
    this.resetEmitter.dispose();
  }
}
