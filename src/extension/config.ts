// Reads the corsInspector.* settings into the shapes the inspector wants.
import * as vscode from 'vscode';
import { normalizeTargetUrl } from './targetCandidates';

export interface TargetRoute {
  prefix: string;
  target: string;
}

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

/** The target setting: a URL string or a list of {prefix, url}; invalid entries are dropped. */
export function parseTargetSetting(value: unknown): TargetRoute[] | null {
  if (typeof value === 'string') {
    const url = value.trim() ? normalizeTargetUrl(value) : null;
    return url ? [{ prefix: '/', target: url }] : null;
  }
  if (Array.isArray(value)) {
    const routes: TargetRoute[] = [];
    for (const item of value) {
      if (!item || typeof item !== 'object') continue;
      const { prefix, url } = item as { prefix?: unknown; url?: unknown };
      const target = typeof url === 'string' ? normalizeTargetUrl(url) : null;
      if (typeof prefix === 'string' && prefix.startsWith('/') && target) routes.push({ prefix, target });
    }
    return routes.length ? routes : null;
  }
  return null;
}

export function describeTargets(routes: TargetRoute[]): string {
  if (routes.length === 1 && routes[0].prefix === '/') return routes[0].target;
  return routes.map((r) => `${r.prefix} → ${r.target}`).join(', ');
}
