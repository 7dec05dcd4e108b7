// Every quick-fix case: the planned edits give exactly the reviewed expected files,
// planning again on the result changes nothing, and the result keeps the file's style.
import { strict as assert } from 'node:assert';
import { applyEditsToFiles } from '../../../src/core/codefix/edits';
import { planFix } from '../../../src/core/codefix/plan';
import type { SourceFile } from '../../../src/core/codefix/types';
import { Project } from '../../../src/core/codefix/project';
import { pluginById } from '../../../src/core/codefix/registry';
import { isNoPlacement } from '../../../src/core/codefix/plugin';
import type { FrameworkId } from '../../../src/core/codefix/types';
import { ALL_CASES } from './cases';
import { assertExpectedFiles } from './expected-files';
import { recordsOf } from './records';


function filesOf(record: Record<string, string>): SourceFile[] {
  return Object.entries(record).map(([p, text]) => ({ path: p, text }));
}

describe('quick fixes: framework × kind', () => {
  for (const c of ALL_CASES) {
    describe(c.name, () => {
      const files = filesOf(c.files);
      const records = recordsOf(c.flows);
      const plan = planFix({ files, records });
      const changed = plan.status === 'fix' ? applyEditsToFiles(files, plan.changes.flatMap((ch) => ch.edits)) : [];
      const after = [...files.filter((f) => !changed.some((x) => x.path === f.path)), ...changed];

      it('plans a fix with the framework and title', () => {
        assert.equal(plan.status, 'fix', JSON.stringify(plan.unfixable));
        assert.equal(plan.framework, c.framework);
        assert.ok(plan.title.includes(c.title), plan.title);
        for (const ch of plan.changes) assert.ok(ch.reason.length > 0 && !ch.reason.includes('\n'), ch.reason);
        if (c.reason) assert.ok(plan.changes.some((ch) => ch.reason.includes(c.reason!)), plan.changes.map((ch) => ch.reason).join(' | '));
      });

      it('gives exactly the expected files', () => {
        assertExpectedFiles(c.name, changed);
      });

      it('the fixed code is never dangerous: no * and no echoed origin with credentials', () => {
        const first = records[0];
        const asked = first.request.headers.find(([n]) => n.toLowerCase() === 'access-control-request-method')?.[1];
        const target = { method: first.request.method, url: first.request.url, preflightFor: asked };
        const placement = pluginById(c.framework as FrameworkId)!.placement.locate(new Project(after), target);
        assert.ok(!isNoPlacement(placement));
        const allowed = placement.allowed!;
        assert.ok(allowed, 'the CORS code is found again');
        if (allowed.credentials) assert.ok(Array.isArray(allowed.origins), `origins ${JSON.stringify(allowed.origins)} with credentials`);
        for (const f of changed) assert.doesNotMatch(f.text, /origin: true|Allow-Origin', '\*'/);
      });

      it('is idempotent: planning again on the fixed code changes nothing', () => {
        const again = planFix({ files: after, records });
        assert.equal(again.status, 'nothing-to-fix', again.title);
        assert.equal(again.changes.length, 0);
      });
    });
  }
});
