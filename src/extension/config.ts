// Reads the corsInspector.* settings into the shapes the inspector wants.
import * as vscode from 'vscode';
import { parseTargetSetting, type TargetRoute } from './targetCandidates';

export { parseTargetSetting, describeTargets, type TargetRoute } from './targetCandidates';

export interface InspectorSettings {
  /** From the setting; null when unset (then the remembered or picked target is used). */
  targets: TargetRoute[] | null;
  port: number;
  autoStart: boolean;
  maxExchanges: number;
  bodyCaptureBytes: number;
  maskSensitiveHeaders: boolean;
  browser: 'auto' | 'chrome' | 'chromium' | 'edge';
  browserPath: string;
}

export function readSettings(): InspectorSettings {
  const c = vscode.workspace.getConfiguration('corsInspector');
  return {
    targets: parseTargetSetting(c.get<unknown>('target')),
    port: clampInt(c.get<number>('port'), 0, 65535, 0),
    autoStart: c.get<boolean>('autoStart') === true,
    maxExchanges: clampInt(c.get<number>('maxExchanges'), 100, 100000, 5000),
    bodyCaptureBytes: clampInt(c.get<number>('bodyCaptureKiB'), 0, 10240, 64) * 1024,
    maskSensitiveHeaders: c.get<boolean>('maskSensitiveHeaders') !== false,
    browser: (['auto', 'chrome', 'chromium', 'edge'] as const).find((b) => b === c.get('browser')) ?? 'auto',
    browserPath: String(c.get<string>('browserPath') ?? ''),
  };
}

function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : fallback;
  return Math.min(max, Math.max(min, n));
}

