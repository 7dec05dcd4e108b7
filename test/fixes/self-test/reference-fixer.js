// A stand-in for `cors-inspector fix` with the same flags and exit codes, used only to
// test the harness: it copies the files of a hand-written fix ($REFERENCE_FIX_DIR) into
// the workspace. REFERENCE_FIX_MODE=restless rewrites server.js on every --apply, to
// check that the harness catches a fixer that is not idempotent.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
const workspace = args[args.indexOf('--workspace') + 1];
const apply = args.includes('--apply');
const dir = process.env.REFERENCE_FIX_DIR;

const files = fs.readdirSync(dir, { recursive: true }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
const differing = files.filter((f) => {
  const target = path.join(workspace, f);
  return !fs.existsSync(target) || !fs.readFileSync(target).equals(fs.readFileSync(path.join(dir, f)));
});

if (process.env.REFERENCE_FIX_MODE === 'restless' && apply) {
  // Apply the fix if it is not there yet, then add one more line every time.
  for (const f of differing) {
    const wanted = fs.readFileSync(path.join(dir, f), 'utf8');
    if (!fs.readFileSync(path.join(workspace, f), 'utf8').startsWith(wanted)) fs.writeFileSync(path.join(workspace, f), wanted);
  }
  fs.appendFileSync(path.join(workspace, 'server.js'), '// fixed once more\n');
  console.log('wrote server.js');
  process.exit(0);
}
if (differing.length === 0) {
  console.log('nothing to fix');
  process.exit(3);
}
for (const f of differing) {
  console.log(`${apply ? 'wrote' : 'would write'} ${f}`);
  if (apply) fs.copyFileSync(path.join(dir, f), path.join(workspace, f));
}
process.exit(0);
