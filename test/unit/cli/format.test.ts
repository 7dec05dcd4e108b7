import assert from 'node:assert/strict';
import { pathAndQueryOf } from '../../../src/cli/format';

describe('cli/format: the path a live line shows', () => {
  it('is the path and query of an absolute URL, without the fragment', () => {
    assert.equal(pathAndQueryOf('http://localhost:4000/api/widgets/42?page=2'), '/api/widgets/42?page=2');
    assert.equal(pathAndQueryOf('https://[::1]:8443/a/b#frag'), '/a/b');
  });
  it('is "/" for a URL without a path, keeping a query that follows the authority', () => {
    assert.equal(pathAndQueryOf('http://localhost:4000'), '/');
    assert.equal(pathAndQueryOf('http://localhost:4000?x=1'), '/?x=1');
  });
  it('shows what was recorded, unnormalised, and leaves a relative or odd target as it is', () => {
    assert.equal(pathAndQueryOf('http://h/a/../b'), '/a/../b');
    assert.equal(pathAndQueryOf('/relative?q'), '/relative?q');
    assert.equal(pathAndQueryOf('*'), '*');
  });
});
