import { strict as assert } from 'node:assert';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Recorder } from '../../../src/core/exchange/recorder';
import { API, APP, capture } from './make-capture';

function get(at: number) {
  return capture({ url: `${API}/items/${at}`, headers: [['Origin', APP]], responseHeaders: [['Access-Control-Allow-Origin', APP]], at });
}

describe('Recorder notes', () => {
  it('keeps a note per record, and one record\'s note is not another\'s', () => {
    const rec = new Recorder({ maxExchanges: 4 });
    const notes = rec.notes<string>();
    const a = rec.add(get(1));
    const b = rec.add(get(2));
    notes.set(a, 'a');
    assert.equal(notes.get(a), 'a');
    assert.equal(notes.get(b), undefined);
    notes.set(b, 'b');
    notes.set(a, 'a2');
    assert.deepEqual([notes.get(a), notes.get(b)], ['a2', 'b']);
  });

  it('drops the note of an evicted record, and the record that takes its slot starts with none', () => {
    const rec = new Recorder({ maxExchanges: 2 });
    const notes = rec.notes<number>();
    const first = rec.add(get(1));
    notes.set(first, 1);
    rec.add(get(2));
    const third = rec.add(get(3)); // evicts `first`; same ring slot
    assert.equal(notes.get(first), undefined, 'an evicted record has no note');
    assert.equal(notes.get(third), undefined, 'the new record in that slot has none either');
    notes.set(first, 9);
    assert.equal(notes.get(first), undefined, 'a record no longer held takes no note');
  });

  it('forgets every note when the recorder is cleared, and holds neither its records nor their notes', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const rec = new Recorder({ maxExchanges: 2 });
    const notes = rec.notes<object>();
    let record!: WeakRef<object>;
    let note!: WeakRef<object>;
    (() => {
      const a = rec.add(get(1));
      const value = { printed: true };
      notes.set(a, value);
      record = new WeakRef(a);
      note = new WeakRef(value);
    })();
    rec.clear();
    const b = rec.add(get(2)); // the next ring slot: the cleared one is not written again
    assert.equal(notes.get(b), undefined);
    for (let i = 0; i < 5 && (record.deref() !== undefined || note.deref() !== undefined); i++) {
      await new Promise((r) => setImmediate(r));
      gc();
    }
    assert.equal(record.deref(), undefined, 'a cleared record is not kept alive');
    assert.equal(note.deref(), undefined, 'nor is the note it had');
  });

  it('tells a record replaced in its slot from the one it replaced', () => {
    const rec = new Recorder();
    const notes = rec.notes<string>();
    const a = rec.add(get(1));
    notes.set(a, 'seen');
    const replacement = { ...a, taintedCanvas: { message: 'tainted' } };
    assert.ok(rec.replace(replacement));
    assert.equal(notes.get(replacement), undefined, 'the replacement is a new record to its consumers');
  });

  it('after many evictions, the records the ring keeps have their own notes', () => {
    const rec = new Recorder({ maxExchanges: 3 });
    const notes = rec.notes<number>();
    let last = rec.add(get(0));
    for (let i = 1; i < 1000; i++) {
      last = rec.add(get(i));
      notes.set(last, i);
    }
    assert.equal(notes.get(last), 999);
    const held = rec.list();
    assert.deepEqual(held.map((r) => notes.get(r)), [997, 998, 999]);
  });
});
