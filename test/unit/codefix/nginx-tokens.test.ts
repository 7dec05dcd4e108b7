// The nginx tokenizer and directive tree: every text comes back byte for byte from its
// tokens, and the directives, arguments and blocks are what nginx itself reads.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { tokenizeNginx, tokenValue } from '../../../src/core/codefix/nginx/tokens';
import { allDirectives, argValues, parseNginx } from '../../../src/core/codefix/nginx/tree';

const SAMPLES = path.resolve(__dirname, '../../fixes/samples/nginx');

const CONFIGS: Record<string, string> = {
  'comments with braces and semicolons': '# { not a block; }\nevents { } # trailing } comment\n',
  'quoted strings with escapes': `add_header X-A "a \\"quoted\\" ; value {x}" always;\nreturn 200 '{"user":"alice"}';\n`,
  'a ${variable} in a word': 'set $x ${host}suffix;\nlocation /a { return 301 https://${host}$request_uri; }\n',
  'a regex location with a quantifier in quotes': 'location ~ "^/api/v[0-9]{1,3}/" {\n\tproxy_pass http://up;\n}\n',
  'CRLF line ends and tabs': 'http {\r\n\tserver {\r\n\t\tlisten 80;\r\n\t}\r\n}\r\n',
  'no final newline': 'events {}\nhttp { server { listen 80; } }',
  'an unclosed quote': 'add_header X "never closed;\n}\n',
  'an unclosed block': 'http {\n  server {\n',
  'a stray closing brace': '}\nlisten 80;\n',
  'backslash in a word': 'rewrite ^/a\\ b$ /c last;\n',
  'empty': '',
};

describe('nginx tokenizer', () => {
  const all = { ...CONFIGS };
  for (const dir of ['no-cors', 'wrong-origin', 'missing-method', 'missing-header', 'wildcard-credentials', 'extend-existing', 'wrong-order']) {
    all[`sample ${dir}`] = readFileSync(path.join(SAMPLES, dir, 'nginx.conf'), 'utf8');
  }
  all['the audit sample'] = readFileSync(path.resolve(__dirname, '../../audit/samples/nginx.conf'), 'utf8');
  for (const [name, text] of Object.entries(all)) {
    it(`round-trips ${name}`, () => {
      const tokens = tokenizeNginx(text);
      assert.equal(tokens.map((t) => t.text).join(''), text);
      for (let i = 1; i < tokens.length; i++) assert.equal(tokens[i].start, tokens[i - 1].end);
      for (const t of tokens) assert.equal(text.slice(t.start, t.end), t.text);
    });
  }

  it('reads quoted values as nginx does', () => {
    const [, , value] = tokenizeNginx(CONFIGS['quoted strings with escapes']).filter((t) => t.kind === 'word' || t.kind === 'string');
    assert.equal(tokenValue(value), 'a "quoted" ; value {x}');
    // A regex keeps its escapes: only quotes, backslashes and \t \r \n are unescaped.
    const [, regex] = tokenizeNginx('map "~^https://a\\.example\\.com$" $x;').filter((t) => t.kind !== 'space');
    assert.equal(tokenValue(regex), '~^https://a\\.example\\.com$');
  });

  it('keeps ${var} inside one word and a quoted regex whole', () => {
    const words = tokenizeNginx(CONFIGS['a ${variable} in a word']).filter((t) => t.kind === 'word').map((t) => t.text);
    assert.deepEqual(words, ['set', '$x', '${host}suffix', 'location', '/a', 'return', '301', 'https://${host}$request_uri']);
    const [loc] = parseNginx(CONFIGS['a regex location with a quantifier in quotes']).directives;
    assert.deepEqual(argValues(loc), ['~', '^/api/v[0-9]{1,3}/']);
    assert.equal(loc.block!.children[0].name, 'proxy_pass');
  });
});

describe('nginx directive tree', () => {
  it('nests blocks with their offsets', () => {
    const text = CONFIGS['CRLF line ends and tabs'];
    const config = parseNginx(text);
    assert.deepEqual(config.errors, []);
    const [http] = config.directives;
    const server = http.block!.children[0];
    const listen = server.block!.children[0];
    assert.equal(listen.name, 'listen');
    assert.equal(text.slice(listen.start, listen.end), 'listen 80;');
    assert.equal(listen.parent, server);
    assert.equal(text[server.block!.open], '{');
    assert.equal(text[server.block!.close], '}');
    assert.deepEqual(allDirectives(config.directives).map((d) => d.name), ['http', 'server', 'listen']);
  });

  it('ignores comments, even with braces in them', () => {
    const config = parseNginx(CONFIGS['comments with braces and semicolons']);
    assert.deepEqual(config.errors, []);
    assert.deepEqual(config.directives.map((d) => d.name), ['events']);
  });

  it('reports what is not well-formed', () => {
    assert.ok(parseNginx(CONFIGS['an unclosed block']).errors.length > 0);
    assert.ok(parseNginx(CONFIGS['a stray closing brace']).errors.length > 0);
    assert.ok(parseNginx('listen 80\n').errors.length > 0);
  });
});
