// Shared by the integration tests: the running extension's test API, and polling
// for something the UI shows asynchronously.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { CorsInspectorApi } from '../../../src/extension/extension';

export const EXTENSION_ID = 'cors-inspector.cors-inspector';

export async function api(): Promise<CorsInspectorApi> {
  const ext = vscode.extensions.getExtension<CorsInspectorApi>(EXTENSION_ID);
  assert.ok(ext, 'extension not loaded');
  return ext.activate();
}

/** Polls `probe` every 200 ms until it returns something truthy; probe errors are retried and the last one reported. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
