// Bundles every runnable piece into dist/: the extension (vscode is provided by
// the host), the CLI (a plain `node` script), the webview script, the benchmark
// and the in-VS-Code test suite, plus the tree-sitter grammars in dist/grammars.
// `--production` minifies, `--watch` rebuilds.
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const builds = [
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.js' },
  { ...node, entryPoints: ['test/vscode/index.ts'], outfile: 'dist/test/vscode/index.js', external: ['vscode', 'mocha', 'playwright-core'] },
  {
    bundle: true, platform: 'browser', target: 'es2022', format: 'iife',
    sourcemap: !production, minify: production, logLevel: 'warning',
    entryPoints: ['media/panel.ts'], outfile: 'dist/media/panel.js',
  },
].filter((b) => b.entryPoints.every((p) => fs.existsSync(p)));

// Static webview assets: our stylesheet and the codicon font.
function copyAssets() {
  const out = path.join('dist', 'media');
  fs.mkdirSync(out, { recursive: true });
  const copies = [
    ['media/panel.css', 'panel.css'],
    ['node_modules/@vscode/codicons/dist/codicon.css', 'codicon.css'],
    ['node_modules/@vscode/codicons/dist/codicon.ttf', 'codicon.ttf'],
  ];
  for (const [from, to] of copies) {
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(out, to));
  }
  if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
  copyGrammars();
}

// The tree-sitter runtime and the grammars the quick fixes load lazily (src/shell/grammars.ts),
// next to the bundles so the CLI and the extension find them without node_modules.
function copyGrammars() {
  const from = path.join('node_modules', '@vscode', 'tree-sitter-wasm', 'wasm');
  const out = path.join('dist', 'grammars');
  const list = require('./src/shell/grammar-files.json');
  fs.mkdirSync(out, { recursive: true });
  for (const file of [list.runtime, ...Object.values(list.languages)]) {
    fs.copyFileSync(path.join(from, file), path.join(out, file));
  }
}

async function main() {
  if (watch) {
    for (const b of builds) (await esbuild.context(b)).watch();
    copyAssets();
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build(b)));
  copyAssets();
}

main().catch((err) => {
  console.error(err.message || err);
  process.exit(1);
});
