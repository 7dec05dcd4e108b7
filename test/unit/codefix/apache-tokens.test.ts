// The Apache httpd tokenizer and directive tree: every text comes back byte for byte
// from its tokens, and directives, arguments and sections are what httpd reads.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { apacheValue, tokenizeApache } from '../../../src/core/codefix/apache/tokens';
import { allApacheDirectives, apacheArgs, parseApache } from '../../../src/core/codefix/apache/tree';

const SAMPLES = path.resolve(__dirname, '../../fixes/samples/apache');

const CONFIGS: Record<string, string> = {
  'comments, also indented, and a # inside a line': '# top\n  # indented\nHeader set X-A "a # not a comment"\n',
  'a line continued with a backslash': 'Header always set Access-Control-Allow-Methods \\\n    "GET, PUT"\nListen 80\n',
  'nested sections': '<VirtualHost *:8080>\n  <Location "/api/">\n    Require all granted\n  </Location>\n</VirtualHost>\n',
  'quotes with escapes and a regex': `SetEnvIf Origin "^https://a\\.example\\.com$" CORS_ORIGIN=$0\nHeader set X-Q 'it\\'s'\n`,
  'CRLF line ends and tabs': '<IfModule mod_headers.c>\r\n\tHeader always merge Vary Origin\r\n</IfModule>\r\n',
  'no final newline': 'Listen 8080',
  'an unclosed quote': 'Header set X "never closed\nListen 80\n',
  'an unclosed section': '<VirtualHost *:80>\n  ServerName a\n',
  'a mismatched close': '<Directory />\n</Location>\n',
  'a section with a > in its argument': '<If "%{REQUEST_URI} =~ m#>#">\n  Header set X y\n</If>\n',
  'empty': '',
};

describe('Apache tokenizer', () => {
  const all = { ...CONFIGS };
  for (const dir of ['no-cors', 'wrong-origin', 'missing-method', 'missing-header', 'wildcard-credentials', 'extend-existing', 'wrong-order']) {
    all[`sample ${dir}`] = readFileSync(path.join(SAMPLES, dir, 'httpd.conf'), 'utf8');
  }
  for (const [name, text] of Object.entries(all)) {
    it(`round-trips ${name}`, () => {
      const tokens = tokenizeApache(text);
      assert.equal(tokens.map((t) => t.text).join(''), text);
      for (let i = 1; i < tokens.length; i++) assert.equal(tokens[i].start, tokens[i - 1].end);
    });
  }

  it('keeps a # inside a line as an argument, and reads quoted values as httpd does', () => {
    const [header] = parseApache(CONFIGS['comments, also indented, and a # inside a line']).directives;
    assert.deepEqual(apacheArgs(header), ['set', 'X-A', 'a # not a comment']);
    const [setenv, quoted] = parseApache(CONFIGS['quotes with escapes and a regex']).directives;
    assert.deepEqual(apacheArgs(setenv), ['Origin', '^https://a\\.example\\.com$', 'CORS_ORIGIN=$0']);
    assert.equal(apacheValue(quoted.args[2]), "it's");
  });

  it('joins a continued line into one directive', () => {
    const [header, listen] = parseApache(CONFIGS['a line continued with a backslash']).directives;
    assert.deepEqual(apacheArgs(header), ['always', 'set', 'Access-Control-Allow-Methods', 'GET, PUT']);
    assert.equal(listen.name, 'Listen');
  });
});

describe('Apache directive tree', () => {
  it('nests sections with their offsets', () => {
    const text = CONFIGS['nested sections'];
    const config = parseApache(text);
    assert.deepEqual(config.errors, []);
    const [vhost] = config.directives;
    assert.equal(vhost.name, 'VirtualHost');
    assert.deepEqual(apacheArgs(vhost), ['*:8080']);
    const [location] = vhost.section!.children;
    assert.deepEqual(apacheArgs(location), ['/api/']);
    assert.equal(location.section!.children[0].name, 'Require');
    assert.equal(text.slice(vhost.section!.closeStart, vhost.end), '</VirtualHost>');
    assert.equal(text[vhost.section!.headerEnd - 1], '>');
    assert.deepEqual(allApacheDirectives(config.directives).map((d) => d.name), ['VirtualHost', 'Location', 'Require']);
  });

  it('takes the last > of an opening line as its end', () => {
    const config = parseApache(CONFIGS['a section with a > in its argument']);
    assert.deepEqual(config.errors, []);
    assert.deepEqual(apacheArgs(config.directives[0]), ['%{REQUEST_URI} =~ m#>#']);
  });

  it('reports what is not well-formed', () => {
    assert.ok(parseApache(CONFIGS['an unclosed section']).errors.length > 0);
    assert.ok(parseApache(CONFIGS['a mismatched close']).errors.length > 0);
  });
});
