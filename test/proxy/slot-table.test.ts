// The table of exchanges in flight: slots are reused, a deleted item is gone from
// it (and no longer held by it), and items in no table are left alone.
import { strict as assert } from 'node:assert';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SlotTable, type Slotted } from '../../src/proxy/slot-table';

interface Item extends Slotted {
  name: string;
}
const item = (name: string): Item => ({ name, slot: -1 });
const names = (table: SlotTable<Item>) => table.values().map((i) => i.name);

describe('SlotTable', () => {
  it('holds what was added until it is deleted, reusing freed slots', () => {
    const table = new SlotTable<Item>();
    const [a, b, c] = [item('a'), item('b'), item('c')];
    for (const i of [a, b, c]) table.add(i);
    assert.deepEqual(names(table), ['a', 'b', 'c']);
    assert.equal(table.size, 3);
    table.delete(b);
    assert.equal(b.slot, -1);
    assert.deepEqual(names(table), ['a', 'c']);
    const d = item('d');
    table.add(d);
    assert.equal(d.slot, 1, 'the freed slot is reused');
    assert.deepEqual(names(table), ['a', 'd', 'c']);
    assert.equal(table.size, 3);
  });

  it('ignores a second add, a second delete, and an item of another table', () => {
    const table = new SlotTable<Item>();
    const other = new SlotTable<Item>();
    const a = item('a');
    const stranger = item('s');
    table.add(a);
    table.add(a);
    other.add(stranger);
    table.delete(stranger);
    assert.deepEqual(names(other), ['s']);
    assert.equal(stranger.slot, 0);
    table.delete(a);
    table.delete(a);
    assert.equal(table.size, 0);
    assert.deepEqual(names(table), []);
  });

  it('no longer holds a deleted item', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const table = new SlotTable<Item>();
    const kept = item('kept');
    table.add(kept);
    let ref!: WeakRef<Item>;
    (() => {
      const gone = item('gone');
      table.add(gone);
      ref = new WeakRef(gone);
      table.delete(gone);
    })();
    // A WeakRef target is kept to the end of the job that made it.
    await new Promise((r) => setImmediate(r));
    gc();
    assert.equal(ref.deref(), undefined);
    assert.deepEqual(names(table), ['kept']);
  });
});
