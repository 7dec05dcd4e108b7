// The header lists the proxy hands the recorder: exact lines, shared when a head repeats.
import { strict as assert } from 'node:assert';
import { toHeaderList } from '../../src/proxy/raw-headers';

describe('toHeaderList', () => {
  it('gives an identical head the same frozen list, and any other head its own exact lines', () => {
    const heads = Array.from({ length: 12 }, (_, i) => ['Host', 'h', 'X-N', String(i)]);
    const first = heads.map((raw) => toHeaderList([...raw]));
    heads.forEach((raw, i) => assert.deepEqual(first[i], [['Host', 'h'], ['X-N', String(i)]]));
    assert.ok(Object.isFrozen(first[0]) && Object.isFrozen(first[0][0]));
    // The last eight heads are remembered, the most recent first; older ones get a new list.
    for (let i = 11; i >= 4; i--) assert.equal(toHeaderList([...heads[i]]), first[i], `head ${i}`);
    assert.notEqual(toHeaderList([...heads[0]]), first[0]);
    // A head differing in one value, in a name's case, or by a missing line is never taken for another.
    assert.deepEqual(toHeaderList(['Host', 'h', 'X-N', '4x']), [['Host', 'h'], ['X-N', '4x']]);
    assert.deepEqual(toHeaderList(['Host', 'h', 'x-n', '4']), [['Host', 'h'], ['x-n', '4']]);
    assert.deepEqual(toHeaderList(['Host', 'h']), [['Host', 'h']]);
  });
});
