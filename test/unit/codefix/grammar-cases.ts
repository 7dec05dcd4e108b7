// The quick-fix cases of the tree-sitter languages (Python, Go), parsed with the real
// grammar through the shells' GrammarLoader: the planned edits give exactly the reviewed
// expected files, the fixed files parse, the result is never dangerous, and planning again
// on it changes nothing. Each language's test file adds its own checks (gofmt for Go).
import { strict as assert } from 'node:assert';
import { applyEditsToFiles } from '../../../src/core/codefix/edits';
import { planFix } from '../../../src/core/codefix/plan';
import { isNoPlacement } from '../../../src/core/codefix/plugin';
import { Project } from '../../../src/core/codefix/project';
import { pluginById } from '../../../src/core/codefix/registry';
import type { FixPlan, FrameworkId, Grammars, SourceFile, SourceLanguage } from '../../../src/core/codefix/types';
import { GrammarLoader } from '../../../src/shell/grammars';
import type { FixCase } from './cases';
import { assertExpectedFiles } from './expected-files';
import { recordsOf } from './records';

export interface GrammarCaseOptions {
  language: SourceLanguage;
  /** Which changed files are in that language. */
  isSource: (path: string) => boolean;
  /** More checks of each changed source file (the grammars are loaded). */
  checkSource?: (file: SourceFile, grammars: Grammars, caseName: string) => void;
}

export function describeGrammarCases(title: string, cases: FixCase[], options: GrammarCaseOptions): void {
  describe(title, () => {
    let grammars: Grammars = {};
    before(async () => {
      grammars = await new GrammarLoader().load([options.language]);
    });

    for (const c of cases) {
      describe(c.name, () => {
        const files: SourceFile[] = Object.entries(c.files).map(([p, text]) => ({ path: p, text }));
        const records = recordsOf(c.flows);
        let plan: FixPlan;
        let changed: SourceFile[] = [];
        let after: SourceFile[] = [];
        before(() => {
          plan = planFix({ files, records, grammars });
          changed = plan.status === 'fix' ? applyEditsToFiles(files, plan.changes.flatMap((ch) => ch.edits)) : [];
          after = [...files.filter((f) => !changed.some((x) => x.path === f.path)), ...changed];
        });

        it('plans a fix with the framework and title', () => {
          assert.equal(plan.status, 'fix', JSON.stringify(plan.unfixable));
          assert.equal(plan.framework, c.framework);
          assert.ok(plan.title.includes(c.title), plan.title);
          for (const ch of plan.changes) assert.ok(ch.reason.length > 0 && !ch.reason.includes('\n'), ch.reason);
          if (c.reason) assert.ok(plan.changes.some((ch) => ch.reason.includes(c.reason!)), plan.changes.map((ch) => ch.reason).join('\n'));
        });

        it('gives exactly the expected files', () => {
          assert.ok(changed.length > 0);
          assertExpectedFiles(c.name, changed);
        });

        it('the fixed code parses and is never dangerous: no * and no echoed origin with credentials', () => {
          const project = new Project(after, grammars);
          for (const f of changed.filter((x) => options.isSource(x.path))) {
            const tree = project.parsed(options.language, f.path) as { rootNode: { hasError: boolean } };
            assert.equal(tree.rootNode.hasError, false, `${f.path} does not parse after the fix`);
            options.checkSource?.(f, grammars, c.name);
          }
          const placement = pluginById(c.framework as FrameworkId)!.placement.locate(project, null);
          assert.ok(!isNoPlacement(placement), JSON.stringify(placement));
          const allowed = placement.allowed!;
          assert.ok(allowed, 'the CORS code is found again');
          if (allowed.credentials) assert.ok(Array.isArray(allowed.origins), `origins ${JSON.stringify(allowed.origins)} with credentials`);
        });

        it('is idempotent: planning again on the fixed code changes nothing', () => {
          const again = planFix({ files: after, records, grammars });
          assert.equal(again.status, 'nothing-to-fix', again.title);
        });
      });
    }
  });
}
