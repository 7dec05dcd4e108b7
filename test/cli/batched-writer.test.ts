// The writer behind --jsonl and --har: whatever is written reaches the file in
// order and byte for byte (text of any script, texts bigger than its buffers,
// writes arriving while one is out), and a write error is said once.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BatchedWriter, type RecordFileError } from '../../src/cli/record-files';

describe('BatchedWriter', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'cors-writer-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every text in order, byte for byte, across turns and past its buffer size', async () => {
    const file = path.join(dir, 'out.jsonl');
    const errors: RecordFileError[] = [];
    const writer = new BatchedWriter(file, openSync(file, 'w'), (e) => errors.push(e));
    const texts: string[] = [];
    const add = (text: string) => {
      texts.push(text);
      writer.write(text);
    };
    for (let turn = 0; turn < 40; turn++) {
      for (let i = 0; i < 500; i++) add(`{"n":${turn * 500 + i},"s":"ascii é 中文 🙂 ${'x'.repeat(i % 97)}"}\n`);
      // Several buffers fill within one turn, while the first is being written.
      if (turn === 10) for (let i = 0; i < 40_000; i++) add(`{"burst":${i}}\n`);
      if (turn === 20) add(`${'y'.repeat(3 << 20)}\n`);
      await new Promise((r) => setImmediate(r));
    }
    add('last\n');
    await writer.end();
    assert.deepEqual(errors, []);
    assert.equal(readFileSync(file, 'utf8'), texts.join(''));
  });

  it('says a write error once, rejects at the end and writes nothing more', async function () {
    if (!existsSync('/dev/full')) this.skip();
    const errors: RecordFileError[] = [];
    const writer = new BatchedWriter('/dev/full', openSync('/dev/full', 'w'), (e) => errors.push(e));
    writer.write('a line\n');
    await new Promise((r) => setTimeout(r, 50));
    writer.write('another\n');
    await assert.rejects(writer.end(), /cannot write \/dev\/full: no space left on device/);
    assert.equal(errors.length, 1);
    assert.equal(writer.error, errors[0]);
  });
});
