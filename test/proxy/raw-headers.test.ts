// The header lists the proxy hands the recorder: exact lines, shared when a head repeats.
import { strict as assert } from 'node:assert';
import { HeaderInterner, RepeatedString, headerNames, withoutHeaders } from '../../src/proxy/raw-headers';

describe('HeaderInterner', () => {
  it('gives an identical head the same frozen list, and any other head its own exact lines', () => {
    const interner = new HeaderInterner();
    const heads = Array.from({ length: 12 }, (_, i) => ['Host', 'h', 'X-N', String(i)]);
    const first = heads.map((raw) => interner.headerList([...raw]));
    heads.forEach((raw, i) => assert.deepEqual(first[i], [['Host', 'h'], ['X-N', String(i)]]));
    assert.ok(Object.isFrozen(first[0]) && Object.isFrozen(first[0][0]));
    // The last eight heads are remembered, the most recent first; older ones get a new list.
    for (let i = 11; i >= 4; i--) assert.equal(interner.headerList([...heads[i]]), first[i], `head ${i}`);
    assert.notEqual(interner.headerList([...heads[0]]), first[0]);
    // A head differing in one value, in a name's case, or by a missing line is never taken for another.
    assert.deepEqual(interner.headerList(['Host', 'h', 'X-N', '4x']), [['Host', 'h'], ['X-N', '4x']]);
    assert.deepEqual(interner.headerList(['Host', 'h', 'x-n', '4']), [['Host', 'h'], ['x-n', '4']]);
    assert.deepEqual(interner.headerList(['Host', 'h']), [['Host', 'h']]);
  });

  it('keeps what it remembers to itself: another interner never hands out its lists', () => {
    const one = new HeaderInterner();
    const other = new HeaderInterner();
    const raw = ['Host', 'h', 'Accept', '*/*'];
    const mine = one.headerList([...raw]);
    assert.equal(one.headerList([...raw]), mine);
    const theirs = other.headerList([...raw]);
    assert.notEqual(theirs, mine);
    assert.deepEqual(theirs, mine);
    const versions = new RepeatedString(other);
    assert.equal(versions.of('1.1'), '1.1');
    assert.equal(versions.of('1.0'), '1.0');
  });
});

describe('withoutHeaders', () => {
  it('drops the named lines whatever their case, and returns the very list when none is named', () => {
    const drop = headerNames('expect', 'proxy-connection');
    const raw = ['Host', 'h', 'EXPECT', '100-continue', 'Accept', '*/*', 'Proxy-Connection', 'keep-alive', 'Expects', 'x'];
    assert.deepEqual(withoutHeaders(raw, drop), ['Host', 'h', 'Accept', '*/*', 'Expects', 'x']);
    const kept = ['Host', 'h', 'Accept', '*/*'];
    assert.equal(withoutHeaders(kept, drop), kept);
  });
});
