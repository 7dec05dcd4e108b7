// Passive audit findings of the recorded traffic, kept current as exchanges arrive
// (one pass per burst) and looked up by record for the panel.
import * as vscode from 'vscode';
import { passiveFindings } from '../core/audit/passive';
import { worstSeverity, type PassiveFinding, type Severity } from '../core/audit/types';
import type { ExchangeRecord } from '../core/exchange/types';

export class PassiveAudit implements vscode.Disposable {
  private current: PassiveFinding[] = [];
  private byRecord = new Map<string, PassiveFinding[]>();
  private timer: NodeJS.Timeout | undefined;
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly records: () => ExchangeRecord[]) {}

  get findings(): readonly PassiveFinding[] {
    return this.current;
  }

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, 300);
  }

  update(): void {
    const next = passiveFindings(this.records());
    const same = JSON.stringify(next.map((f) => [f.id, f.severity, f.title, f.recordIds])) === JSON.stringify(this.current.map((f) => [f.id, f.severity, f.title, f.recordIds]));
    this.current = next;
    this.byRecord = new Map();
    for (const f of next) for (const id of f.recordIds) this.byRecord.set(id, [...(this.byRecord.get(id) ?? []), f]);
    if (!same) this.changeEmitter.fire();
  }

  forRecords(ids: Iterable<string>): PassiveFinding[] {
    const out = new Set<PassiveFinding>();
    for (const id of ids) for (const f of this.byRecord.get(id) ?? []) out.add(f);
    return [...out];
  }

  worstFor(ids: Iterable<string>): Severity | null {
    return worstSeverity(this.forRecords(ids));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changeEmitter.dispose();
  }
}
