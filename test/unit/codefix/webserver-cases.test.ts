// nginx and Apache quick-fix cases, read with the core's own tokenizers: the planned
// edits give exactly the reviewed expected files, the result parses and is never
// dangerous, and planning again on it changes nothing.
import { strict as assert } from 'node:assert';
import { parseApache } from '../../../src/core/codefix/apache/tree';
import { applyEditsToFiles } from '../../../src/core/codefix/edits';
import { parseNginx } from '../../../src/core/codefix/nginx/tree';
import { planFix } from '../../../src/core/codefix/plan';
import { isNoPlacement } from '../../../src/core/codefix/plugin';
import { Project } from '../../../src/core/codefix/project';
import { pluginById } from '../../../src/core/codefix/registry';
import type { FixPlan, FrameworkId, SourceFile } from '../../../src/core/codefix/types';
import * as F from '../cors/flows';
import { assertExpectedFiles } from './expected-files';
import { recordsOf } from './records';
import { WEBSERVER_CASES, WEBSERVER_UNFIXABLE } from './webserver-cases';


describe('quick fixes: nginx and Apache configurations', () => {
  for (const c of WEBSERVER_CASES) {
    describe(c.name, () => {
      const files: SourceFile[] = Object.entries(c.files).map(([p, text]) => ({ path: p, text }));
      const records = recordsOf(c.flows);
      let plan: FixPlan;
      let changed: SourceFile[] = [];
      let after: SourceFile[] = [];
      before(() => {
        plan = planFix({ files, records });
        changed = plan.status === 'fix' ? applyEditsToFiles(files, plan.changes.flatMap((ch) => ch.edits)) : [];
        after = [...files.filter((f) => !changed.some((x) => x.path === f.path)), ...changed];
      });

      it('plans a fix with the server and title', () => {
        assert.equal(plan.status, 'fix', JSON.stringify(plan.unfixable));
        assert.equal(plan.framework, c.framework);
        assert.ok(plan.title.includes(c.title), plan.title);
        for (const ch of plan.changes) assert.ok(ch.reason.length > 0 && !ch.reason.includes('\n'), ch.reason);
        if (c.reason) assert.ok(plan.changes.some((ch) => ch.reason.toLowerCase().includes(c.reason!.toLowerCase())), plan.changes.map((ch) => ch.reason).join('\n'));
      });

      it('gives exactly the expected files', () => {
        assert.ok(changed.length > 0);
        assertExpectedFiles(c.name, changed);
      });

      it('the fixed configuration parses and never echoes any origin with credentials', () => {
        for (const f of changed) {
          const errors = c.framework === 'nginx' ? parseNginx(f.text).errors : parseApache(f.text).errors;
          assert.deepEqual(errors, [], `${f.path} does not parse after the fix`);
        }
        const placement = pluginById(c.framework as FrameworkId)!.placement.locate(new Project(after), { method: 'GET', url: F.API });
        assert.ok(!isNoPlacement(placement), isNoPlacement(placement) ? placement.unfixable : "");
        const allowed = placement.allowed!;
        assert.ok(allowed, 'the CORS lines are found again');
        assert.ok(Array.isArray(allowed.origins), `origins ${JSON.stringify(allowed.origins)}`);
        assert.ok((allowed.origins as string[]).includes(F.PAGE));
      });

      it('is idempotent: planning again on the fixed configuration changes nothing', () => {
        const again = planFix({ files: after, records });
        assert.equal(again.status, 'nothing-to-fix', again.title);
      });
    });
  }

  for (const c of WEBSERVER_UNFIXABLE) {
    it(`refuses to guess: ${c.name}`, () => {
      const files = Object.entries(c.files).map(([p, text]) => ({ path: p, text }));
      const plan = planFix({ files, records: recordsOf([F.simpleFlow(F.request('GET'), F.response(200))]) });
      assert.equal(plan.status, 'unfixable', plan.title);
      assert.ok(plan.unfixable.some((u) => u.reason.includes(c.reason)), JSON.stringify(plan.unfixable));
    });
  }

  it('tells nginx from Apache by the file, not the extension', () => {
    const nginx = { path: 'site.conf', text: 'server {\n  listen 80;\n  location / { add_header Access-Control-Allow-Origin * always; }\n}\n' };
    const apache = { path: 'site.conf', text: '<VirtualHost *:80>\n  Header set Access-Control-Allow-Origin "*"\n</VirtualHost>\n' };
    assert.equal(pluginById('nginx')!.placement.detect(new Project([nginx])), 12);
    assert.equal(pluginById('apache')!.placement.detect(new Project([nginx])), 0);
    assert.equal(pluginById('apache')!.placement.detect(new Project([apache])), 12);
    assert.equal(pluginById('nginx')!.placement.detect(new Project([apache])), 0);
  });
});
