// The reviewed expected files of the quick-fix cases (expected/<case>/<path>): each
// changed file must equal its expected file. With UPDATE_EXPECTED=1 they are written
// first, after a deliberate change, for review of the diff.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SourceFile } from '../../../src/core/codefix/types';

const EXPECTED = path.join(__dirname, 'expected');

export function assertExpectedFiles(caseName: string, changed: SourceFile[]): void {
  for (const f of changed) {
    const expectedPath = path.join(EXPECTED, caseName, f.path);
    if (process.env.UPDATE_EXPECTED === '1') {
      mkdirSync(path.dirname(expectedPath), { recursive: true });
      writeFileSync(expectedPath, f.text);
    }
    assert.ok(existsSync(expectedPath), `no expected file ${expectedPath} (run with UPDATE_EXPECTED=1 and review)`);
    assert.equal(f.text, readFileSync(expectedPath, 'utf8'), `${caseName}/${f.path}`);
  }
}
