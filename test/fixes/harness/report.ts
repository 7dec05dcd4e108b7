// The suite's figure and its framework×kind table, printed at the end and written to
// test-results/fix-verification/summary.{txt,json}.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { KINDS } from './kinds';
import type { CaseResult } from './verify-case';
import { WORK_DIR } from './workspace';

export function figure(results: CaseResult[]): string {
  const passed = results.filter((r) => r.passed).length;
  return `fix verification: ${passed}/${results.length} framework×kind cases passed`;
}

function failedStep(r: CaseResult): string {
  return r.steps.find((s) => !s.ok)?.step ?? 'incomplete';
}

export function report(results: CaseResult[]): string {
  const frameworks = [...new Map(results.map((r) => [r.id.split('/')[0], r.name])).entries()];
  const kinds = KINDS.map((k) => k.id).filter((k) => results.some((r) => r.kind === k));
  const width = Math.max(...frameworks.map(([, name]) => name.length), 9);
  const lines = [
    `${'framework'.padEnd(width)}  ${kinds.map((k) => k.padEnd(10).slice(0, Math.max(10, k.length))).join('  ')}`,
  ];
  for (const [fw, name] of frameworks) {
    const cells = kinds.map((k) => {
      const r = results.find((x) => x.id === `${fw}/${k}`);
      const cell = !r ? '–' : r.passed ? 'pass' : `FAIL:${failedStep(r)}`;
      return cell.padEnd(Math.max(10, k.length));
    });
    lines.push(`${name.padEnd(width)}  ${cells.join('  ')}`);
  }
  const failed = results.filter((r) => !r.passed);
  if (failed.length) {
    lines.push('', 'failed:');
    for (const r of failed) {
      const step = r.steps.find((s) => !s.ok);
      // The first line says what failed, the next one the first call or output line it is about.
      const detail = (step?.detail ?? '').split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 2).join(' ');
      lines.push(`  ${r.id} at step "${failedStep(r)}": ${detail}`);
    }
  }
  lines.push('', figure(results));
  return lines.join('\n');
}

export function writeSummary(results: CaseResult[], extra: Record<string, unknown>): void {
  writeFileSync(path.join(WORK_DIR, 'summary.txt'), report(results) + '\n');
  writeFileSync(path.join(WORK_DIR, 'summary.json'), JSON.stringify({ figure: figure(results), ...extra, results }, null, 2) + '\n');
}
