// The grammar loader: loads only what is asked for, once per loader, from real .wasm files,
// parses with the runtime they were built for, frees trees after `use`, and fails clearly.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Tree } from '@vscode/tree-sitter-wasm';
import { defaultGrammarDir, GRAMMAR_FILES, GrammarLoader, GrammarLoadError } from '../../../src/shell/grammars';

const FLASK_APP = 'from flask import Flask\nfrom flask_cors import CORS\n\napp = Flask(__name__)\nCORS(app, origins=["http://localhost:5173"])  # é😀\n';

describe('grammar loader', () => {
  it('loads only the languages asked for, and none that the core parses itself', async () => {
    const loader = new GrammarLoader();
    assert.deepEqual(loader.loadedLanguages, []);
    const grammars = await loader.load(['python', 'javascript', 'nginx']);
    assert.deepEqual(Object.keys(grammars), ['python']);
    assert.deepEqual(loader.loadedLanguages, ['python']);
  });

  it('parses Python with tree-sitter-python (node types, UTF-16 positions)', async () => {
    const grammars = await new GrammarLoader().load(['python']);
    const tree = grammars.python!.parse(FLASK_APP) as Tree;
    const root = tree.rootNode;
    assert.equal(root.type, 'module');
    assert.equal(root.hasError, false);
    const call = root.namedChildren[3]!.firstNamedChild!;
    assert.equal(call.type, 'call');
    assert.equal(call.childForFieldName('function')!.text, 'CORS');
    assert.equal(call.startPosition.row, 4);
    // The comment holds non-ASCII text: columns and indices count UTF-16 code units, as edits do.
    const comment = root.descendantsOfType('comment')[0]!;
    assert.equal(comment.endPosition.column, FLASK_APP.split('\n')[4]!.length);
    assert.equal(comment.endIndex, FLASK_APP.indexOf('😀') + 2);
    tree.delete();
  });

  it('loads each grammar once per loader, and every shipped grammar loads', async () => {
    const loader = new GrammarLoader();
    const first = await loader.load(Object.keys(GRAMMAR_FILES) as (keyof typeof GRAMMAR_FILES)[]);
    const again = await loader.load(['python', 'go']);
    assert.deepEqual(loader.loadedLanguages.sort(), Object.keys(GRAMMAR_FILES).sort());
    const samples: Record<string, [string, string]> = {
      python: ['x = 1\n', 'module'],
      go: ['package main\n', 'source_file'],
      php: ['<?php echo 1;', 'program'],
      ruby: ['puts 1\n', 'program'],
      java: ['class A {}', 'program'],
      csharp: ['class A {}', 'compilation_unit'],
    };
    for (const [language, [text, rootType]] of Object.entries(samples)) {
      const tree = first[language as 'python']!.parse(text) as Tree;
      assert.equal(tree.rootNode.type, rootType, language);
      assert.equal(tree.rootNode.hasError, false, language);
      tree.delete();
    }
    // The same parser answers both times: a second load() reads no file again.
    const a = again.python!.parse('y = 2\n') as Tree;
    assert.equal(a.rootNode.type, 'module');
    a.delete();
  });

  it('use() frees the trees parsed during the plan', async () => {
    const loader = new GrammarLoader();
    let kept: Tree | undefined;
    const type = await loader.use(['python'], (g) => {
      kept = g.python!.parse(FLASK_APP) as Tree;
      return kept.rootNode.type;
    });
    assert.equal(type, 'module');
    assert.throws(() => kept!.rootNode.type); // deleted: its memory is back in the heap
  });

  it('use() frees the trees even when the plan throws', async () => {
    const loader = new GrammarLoader();
    let kept: Tree | undefined;
    await assert.rejects(loader.use(['python'], (g) => {
      kept = g.python!.parse('x = 1\n') as Tree;
      throw new Error('planner failed');
    }), /planner failed/);
    assert.throws(() => kept!.rootNode.type);
  });

  it('a missing grammar file is a GrammarLoadError naming the file, and can be retried', async () => {
    await new GrammarLoader().load(['python']); // the runtime is started (once per process)
    const empty = mkdtempSync(path.join(tmpdir(), 'grammars-'));
    try {
      const loader = new GrammarLoader(empty);
      await assert.rejects(loader.load(['ruby']), (err: unknown) =>
        err instanceof GrammarLoadError && err.language === 'ruby' && err.message.includes(path.join(empty, GRAMMAR_FILES.ruby)));
      assert.deepEqual(loader.loadedLanguages, []);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    const grammars = await new GrammarLoader(defaultGrammarDir()).load(['ruby']);
    assert.ok(grammars.ruby);
  });
});
