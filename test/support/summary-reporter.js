// Mocha reporter: the usual spec output, plus one line of counts appended to
// $TEST_SUMMARY_FILE so scripts/test-all.sh can print a single total at the end.
'use strict';
const fs = require('fs');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.TEST_SUMMARY_FILE;
      if (!file) return;
      const s = runner.stats || {};
      const suite = process.env.TEST_SUITE_NAME || 'mocha';
      fs.appendFileSync(file, `${suite} ${s.passes || 0} ${s.failures || 0} ${s.pending || 0}\n`);
    });
  }
}
module.exports = SummaryReporter;
