// The upstream-timeout list: due items fire oldest first, removed ones never fire,
// and removal from any position keeps the list whole.
import { strict as assert } from 'node:assert';
import { DeadlineSweeper, type Waiting } from '../../src/proxy/deadlines';

interface Item extends Waiting {
  name: string;
}

const item = (name: string, deadline: number): Item => ({ name, deadline, prevWaiting: null, nextWaiting: null });
const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

describe('DeadlineSweeper', () => {
  let clock = 0;
  let fired: string[] = [];
  let sweeper: DeadlineSweeper<Item>;
  beforeEach(() => {
    clock = 0;
    fired = [];
    // timeout 50 ms → a sweep every 5 ms; the clock it reads is ours.
    sweeper = new DeadlineSweeper<Item>(50, () => clock, (i) => fired.push(i.name));
  });
  afterEach(() => sweeper.stop());

  it('fires only the items that are due, oldest first', async () => {
    const [a, b, c] = [item('a', 10), item('b', 20), item('c', 30)];
    for (const i of [a, b, c]) sweeper.add(i);
    clock = 20;
    await tick();
    assert.deepEqual(fired, ['a', 'b']);
    assert.equal(sweeper.size, 1);
    clock = 100;
    await tick();
    assert.deepEqual(fired, ['a', 'b', 'c']);
    assert.equal(sweeper.size, 0);
  });

  it('never fires a removed item, whether it was first, in the middle or last', async () => {
    const items = ['a', 'b', 'c', 'd', 'e'].map((n, i) => item(n, i));
    for (const i of items) sweeper.add(i);
    sweeper.delete(items[0]);
    sweeper.delete(items[2]);
    sweeper.delete(items[4]);
    sweeper.delete(items[4]); // twice is harmless
    assert.equal(sweeper.size, 2);
    for (const i of [items[0], items[2], items[4]]) assert.ok(i.prevWaiting === null && i.nextWaiting === null, `${i.name} keeps no links`);
    clock = 100;
    await tick();
    assert.deepEqual(fired, ['b', 'd']);
  });

  it('adding an item twice keeps one entry, and a removed item can wait again', async () => {
    const a = item('a', 5);
    sweeper.add(a);
    sweeper.add(a);
    assert.equal(sweeper.size, 1);
    sweeper.delete(a);
    sweeper.add(a);
    assert.equal(sweeper.size, 1);
    clock = 10;
    await tick();
    assert.deepEqual(fired, ['a']);
  });

  it('a handler may remove the next item without breaking the sweep', async () => {
    const [a, b, c] = [item('a', 1), item('b', 2), item('c', 3)];
    sweeper = new DeadlineSweeper<Item>(50, () => clock, (i) => {
      fired.push(i.name);
      if (i === a) sweeper.delete(b);
    });
    for (const i of [a, b, c]) sweeper.add(i);
    clock = 10;
    await tick();
    assert.deepEqual(fired, ['a', 'c']);
  });
});
